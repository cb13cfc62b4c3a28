import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClusterProvider, Workload } from '../../src/cluster/index.ts';
import { createProvider } from '../../src/cluster/index.ts';
import { ExitCode, type RunOptions, run } from '../../src/index.ts';

/**
 * The control stream on the embedded runtime: prestop-sleep (lossless) with its control backend taken
 * away when the disruption starts. The app loses nothing, but the harness's own backend failed,
 * so the run cannot be trusted: INVALID (exit 3), never lossless, with the reason.
 */
describe('a control backend that fails mid-run', () => {
  it('makes the run invalid, saying the harness or network failed, not the app', async () => {
    let control: Workload | undefined;
    const outDir = await mkdtemp(join(tmpdir(), 'zd-control-e2e-'));
    const opts = {
      scenarios: ['prestop-sleep'],
      outDir,
      load: { rate: 40, baselineSeconds: 2, recoverySeconds: 2 },
      // The real embedded runtime, with a hand on the control backend's workload.
      createProvider: (name: string, o: object): ClusterProvider => {
        const real = createProvider(name, o);
        const deploy = real.deploy.bind(real);
        real.deploy = async (...args) => {
          const w = await deploy(...args);
          if (args[0].name === 'zerodrop-control') control = w;
          return w;
        };
        return real;
      },
      onProgress: (e: { type: string; phase?: string }) => {
        if (e.type === 'phase' && e.phase === 'disruption') void control?.remove();
      },
    } as RunOptions;
    const r = await run(opts);
    expect(control).toBeDefined();
    expect(r.exitCode).toBe(ExitCode.InvalidMeasurement);
    const [s] = r.report!.scenarios;
    expect(s.verdict).toBe('invalid');
    const reasons = s.runs[0]!.validity.reasons;
    expect(
      reasons.some((x) =>
        /^control backend: \d+ of \d+ control requests? failed in (disruption|recovery) \(.+\): the harness or network failed, not the app$/.test(
          x,
        ),
      ),
      reasons.join('\n'),
    ).toBe(true);
    // The app itself lost nothing: only the control stream failed.
    for (const stream of s.streams) for (const p of stream.phases) expect(p.ok, `${stream.name} ${p.name}`).toBe(p.requests);
    // Every control request is on disk.
    const written = (await readFile(join(outDir, 'prestop-sleep', 'rollout-1', 'control.ndjson'), 'utf8')).trim().split('\n');
    expect(written.length).toBeGreaterThan(10);
  }, 120_000);
});
