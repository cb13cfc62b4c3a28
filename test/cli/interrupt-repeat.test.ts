import { afterEach, describe, expect, it, vi } from 'vitest';
import { interruptHandler } from '../../src/cli/with-interrupts.ts';
import { CleanupStack } from '../../src/run/cleanup-stack.ts';

afterEach(() => vi.restoreAllMocks());

describe('repeated interrupts during cleanup', () => {
  it('first aborts, second says what is still being cleaned, third abandons naming what was left and exits 130', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      lines.push(String(s));
      return true;
    });
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const controller = new AbortController();
    const cleanup = new CleanupStack();
    let release!: () => void;
    cleanup.push('stop provider local', () => undefined);
    cleanup.push(
      'remove prestop-sleep',
      () =>
        new Promise<void>((r) => {
          release = r;
        }),
    );
    const onSignal = interruptHandler(controller, cleanup);

    onSignal();
    expect(controller.signal.aborted).toBe(true);
    const running = cleanup.runAll();
    onSignal();
    expect(lines.at(-1)).toBe('zerodrop: still cleaning up: remove prestop-sleep, stop provider local (interrupt again to abandon)\n');
    expect(exit).not.toHaveBeenCalled();
    onSignal();
    expect(lines.at(-1)).toBe(
      'zerodrop: cleanup abandoned; left behind: remove prestop-sleep, stop provider local (run: zerodrop cleanup)\n',
    );
    expect(exit).toHaveBeenCalledWith(130);
    release();
    await running;
  });
});
