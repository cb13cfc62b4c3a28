import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, run } from '../../src/index.ts';

/** Blocks this process's event loop (the load runs in it) for `ms`, as a long pause of a busy harness would. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* busy */
  }
}

describe('a run whose load process stalls for 2 s mid-run (embedded runtime)', () => {
  it('is invalid and says why, and no request the app answered in time is recorded as a timeout', async () => {
    let stalledAt = 0;
    const result = await run({
      scenarios: ['prestop-sleep'],
      outDir: await mkdtemp(join(tmpdir(), 'zd-stall-')),
      load: { baselineSeconds: 2, recoverySeconds: 2 },
      onProgress: (e) => {
        if (e.type !== 'phase' || e.phase !== 'disruption' || stalledAt) return;
        stalledAt = -1;
        // 0.5 s into the disruption, from the check phase: the timer phase (the timeout sweep)
        // comes next, before the poll phase reads the answers that arrived during the stall.
        setTimeout(
          () =>
            setImmediate(() => {
              stalledAt = Date.now();
              stall(2100);
            }),
          500,
        );
      },
    });
    expect(stalledAt).toBeGreaterThan(0);
    expect(result.error?.message ?? '').toBe('');
    expect(result.exitCode).toBe(ExitCode.InvalidMeasurement);
    const s = result.report!.scenarios[0];
    const reasons = s.runs.flatMap((r) => r.validity.reasons);
    expect(reasons.join('\n')).toMatch(
      /load process stalled in disruption: event-loop delay max (2[01]\d\d|2[2-9]\d\d)(\.\d)? ms, send lag max \d+(\.\d)? ms \(bound 1500 ms, 75 % of the request timeout\)/,
    );
    // prestop-sleep answers every request after 200 ms, the timeout is 2000 ms: the answers that
    // waited in the sockets during the stall are answers, not timeouts.
    const timeouts = s.runs.flatMap((r) => r.streams.flatMap((st) => st.phases.map((p) => p.timeout)));
    expect(timeouts.every((n) => n === 0)).toBe(true);
    // latency from the intended send time shows the stall (the slots due during it left up to
    // 2.1 s late); the service time alone stays the app's 200 ms and the stall's answers read late
    const disruption = s.runs[0].streams.map((st) => st.phases.find((p) => p.name === 'disruption')!);
    for (const p of disruption) {
      expect(p.p99Ms).toBeGreaterThanOrEqual(2000);
      expect(p.serviceP99Ms).toBeLessThan(p.p99Ms);
    }
    expect(s.runs[0].streams.reduce((n, st) => n + st.phases.reduce((m, p) => m + p.requests, 0), 0)).toBeGreaterThan(500);
  }, 120_000);
});
