import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalProvider } from '../../src/cluster/providers/local/local-provider.ts';
import { DEFAULT_PROPAGATION_DELAY_MS } from '../../src/cluster/providers/local/service/endpoints-controller.ts';
import { describeFigures, disagreement, figures, MIN_FAILURES } from '../support/agreement.ts';
import { measureBoth } from '../support/cross-check.ts';

describe('zerodrop agrees with an independent client written in the test, on both streams (embedded runtime)', () => {
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

  it('exec-entrypoint: both clients count failures on each stream within ±25 % (where both see enough)', () => {
    const fs = figures(exec);
    console.log(describeFigures('embedded exec-entrypoint', fs));
    const nc = fs.find((f) => f.stream === 'new-connection')!;
    expect(nc.independent.failed, 'the independent client saw enough new connections fail').toBeGreaterThanOrEqual(MIN_FAILURES);
    expect(nc.zerodrop.failed, 'zerodrop saw enough new connections fail').toBeGreaterThanOrEqual(MIN_FAILURES);
    for (const f of fs) {
      expect(disagreement(f.zerodrop.failed, f.independent.failed), f.stream).toBe('');
      expect([f.zerodrop.baselineFailed, f.independent.baselineFailed], `${f.stream}: baseline failures`).toEqual([0, 0]);
      expect(f.independent.requests, `${f.stream}: the independent client sent`).toBeGreaterThan(0);
    }
    expect(exec.run.validity.valid, exec.run.validity.reasons.join('; ')).toBe(true);
  });

  it('prestop-sleep: neither client loses a request on either stream', () => {
    const fs = figures(prestop);
    console.log(describeFigures('embedded prestop-sleep', fs));
    for (const f of fs) {
      expect([f.zerodrop.failed, f.independent.failed], `${f.stream}: failed (zerodrop, independent)`).toEqual([0, 0]);
      expect(f.independent.requests, `${f.stream}: the independent client sent`).toBeGreaterThan(0);
    }
    expect(prestop.run.verdict).toBe('lossless');
    for (const s of prestop.run.streams) for (const p of s.phases) expect(p.requests).toBeGreaterThan(0);
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
