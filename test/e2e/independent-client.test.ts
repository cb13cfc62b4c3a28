import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalProvider } from '../../src/cluster/providers/local/local-provider.ts';
import { DEFAULT_PROPAGATION_DELAY_MS } from '../../src/cluster/providers/local/service/endpoints-controller.ts';
import { disruptionRatios, failedIn, measureBoth } from '../support/cross-check.ts';

describe('zerodrop agrees with an independent node:http client (embedded runtime)', () => {
  const provider = new LocalProvider({ nodes: 2 });
  let exec: Awaited<ReturnType<typeof measureBoth>>;
  let prestop: Awaited<ReturnType<typeof measureBoth>>;
  beforeAll(async () => {
    await provider.up();
    exec = await measureBoth(provider, 'exec-entrypoint');
    prestop = await measureBoth(provider, 'prestop-sleep');
  }, 240_000);
  afterAll(async () => {
    await provider.down();
  });

  it('exec-entrypoint: both see new connections fail in the disruption, at comparable ratios', () => {
    const r = disruptionRatios(exec);
    expect(r.indepFailed, 'the independent client saw failures').toBeGreaterThan(0);
    expect(r.zdFailed, 'zerodrop saw failures').toBeGreaterThan(0);
    // same rate, same window: failure ratios within a factor of two of each other
    expect(r.zdRatio).toBeGreaterThan(r.indepRatio / 2);
    expect(r.zdRatio).toBeLessThan(r.indepRatio * 2);
    const b = exec.run.boundaries;
    expect(failedIn(exec.samples, b.baseline, b.disruption)).toEqual([]);
    expect(exec.run.validity.valid, exec.run.validity.reasons.join('; ')).toBe(true);
  });

  it('prestop-sleep: neither client loses a request', () => {
    const { run, samples } = prestop;
    const b = run.boundaries;
    expect(failedIn(samples, b.baseline, b.end)).toEqual([]); // after end the workload is removed under it
    expect(run.verdict).toBe('lossless');
    for (const s of run.streams) for (const p of s.phases) expect(p.requests).toBeGreaterThan(0);
  });

  it('measures the data-path race window: each old pod took new connections for about the propagation delay (1000 ms)', () => {
    const lags = prestop.run.endpointLags;
    expect(lags.length).toBeGreaterThanOrEqual(2);
    for (const l of lags) {
      expect(l.dataPathLagMs, l.pod).toBeGreaterThan(DEFAULT_PROPAGATION_DELAY_MS.removeMs - 300);
      expect(l.dataPathLagMs, l.pod).toBeLessThan(DEFAULT_PROPAGATION_DELAY_MS.removeMs + 300);
    }
  });
});
