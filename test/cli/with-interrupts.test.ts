import { afterEach, describe, expect, it, vi } from 'vitest';
import { withInterrupts } from '../../src/cli/with-interrupts.ts';

afterEach(() => vi.restoreAllMocks());

/** The one interrupt wrapper every command runs under (run, demo, check, compare, cleanup, cluster). */
describe('withInterrupts', () => {
  it('hands the command a signal that SIGINT or SIGTERM aborts; an error after the abort is the interrupt: exit 130', async () => {
    const lines: string[] = [];
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const code = await withInterrupts(
        async (s) => {
          process.emit(signal);
          expect(s.aborted).toBe(true);
          throw s.reason;
        },
        { say: (l) => lines.push(l) },
      );
      expect(code).toBe(130);
    }
    expect(lines).toEqual([
      'zerodrop: interrupted; cleaning up (interrupt twice more to abandon cleanup)',
      'zerodrop: interrupted',
      'zerodrop: interrupted; cleaning up (interrupt twice more to abandon cleanup)',
      'zerodrop: interrupted',
    ]);
  });

  it("returns the command's exit code, rethrows its errors when not interrupted, and takes its handlers off", async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    expect(await withInterrupts(async () => 3)).toBe(3);
    await expect(
      withInterrupts(async () => {
        throw new Error('bad input');
      }),
    ).rejects.toThrow('bad input');
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });

  it('names what the cleanup still holds on the second interrupt', async () => {
    const lines: string[] = [];
    await withInterrupts(
      async () => {
        process.emit('SIGTERM');
        process.emit('SIGINT');
        return 130;
      },
      { cleanup: { pending: () => ['remove prestop-sleep'] }, say: (l) => lines.push(l) },
    );
    expect(lines[1]).toBe('zerodrop: still cleaning up: remove prestop-sleep (interrupt again to abandon)');
  });
});
