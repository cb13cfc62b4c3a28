import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterProvider } from '../../src/cluster/provider.ts';
import { LocalProvider } from '../../src/cluster/providers/local/local-provider.ts';
import { DEFAULT_PROPAGATION_DELAY_MS } from '../../src/cluster/providers/local/service/endpoints-controller.ts';
import { classify, isFailure } from '../../src/metrics/classify.ts';
import { buildScenarioRun } from '../../src/report/build-report.ts';
import { CleanupStack } from '../../src/run/cleanup-stack.ts';
import { runScenarioOnce } from '../../src/run/scenario-run.ts';
import { findScenarioRoot, loadScenario } from '../../src/scenario/index.ts';
import { startIndependentClient, type Sample } from '../support/independent-client.ts';

/**
 * zerodrop's figures against a client written here, sharing no code with the load engine:
 * node:http, a new connection per request, at the same rate as zerodrop's new-connection
 * stream, through the same Service during the same rollout.
 */
async function measureBoth(name: string) {
  const provider = new LocalProvider({ nodes: 2 });
  await provider.up();
  const cleanup = new CleanupStack();
  let client: ReturnType<typeof startIndependentClient> | undefined;
  const spy: ClusterProvider = {
    name: provider.name, emulated: provider.emulated, up: () => provider.up(), notes: () => provider.notes(), down: () => provider.down(),
    async deploy(s, timeline, signal) {
      const w = await provider.deploy(s, timeline, signal);
      const waitSettled = w.waitSettled.bind(w);
      // start once the workload serves, as zerodrop's own load does
      w.waitSettled = async (ms) => { await waitSettled(ms); client ??= startIndependentClient(w.target, 50); };
      return w;
    },
  };
  try {
    const scenario = await loadScenario(findScenarioRoot(), name);
    const dir = await mkdtemp(join(tmpdir(), `zd-indep-${name}-`));
    const out = await runScenarioOnce({
      provider: spy, scenario, iteration: 1, dir, timeoutMs: 60_000, cleanup, disruption: 'rollout',
      load: { ...scenario.load, rate: 100, streams: ['keep-alive', 'new-connection'], keepAlivePercent: 50, baselineSeconds: 2, recoverySeconds: 2 },
    });
    const samples = await client!.stop();
    const run = await buildScenarioRun({ iteration: 1, requestsFile: out.requestsFile, timelineFile: out.timelineFile, timeline: out.timeline.events() }, dir);
    return { run, samples };
  } finally {
    await client?.stop();
    await cleanup.runAll();
    await provider.down();
  }
}

function failedIn(samples: Sample[], from: number, to: number): Sample[] {
  return samples.filter((s) => s.end >= from && s.end < to && isFailure(classify(s.code)));
}

describe('zerodrop agrees with an independent node:http client', () => {
  let exec: Awaited<ReturnType<typeof measureBoth>>;
  let prestop: Awaited<ReturnType<typeof measureBoth>>;
  beforeAll(async () => {
    exec = await measureBoth('exec-entrypoint');
    prestop = await measureBoth('prestop-sleep');
  }, 240_000);
  afterAll(() => undefined);

  it('exec-entrypoint: both see new connections fail in the disruption, in comparable numbers', () => {
    const { run, samples } = exec;
    const b = run.boundaries;
    const nc = run.streams.find((s) => s.name === 'new-connection')!;
    const zdFailed = nc.phases[1].requests - nc.phases[1].ok - nc.phases[1].http4xx;
    const indep = failedIn(samples, b.disruption, b.recovery);
    const indepAll = samples.filter((s) => s.end >= b.disruption && s.end < b.recovery).length;
    expect(indep.length, 'the independent client saw failures').toBeGreaterThan(0);
    expect(zdFailed, 'zerodrop saw failures').toBeGreaterThan(0);
    // same rate, same window: failure ratios within a factor of two of each other
    const zdRatio = zdFailed / nc.phases[1].requests;
    const indepRatio = indep.length / indepAll;
    expect(zdRatio).toBeGreaterThan(indepRatio / 2);
    expect(zdRatio).toBeLessThan(indepRatio * 2);
    // and no failure either side outside the disruption's effects in baseline
    expect(failedIn(samples, b.baseline, b.disruption)).toEqual([]);
    expect(nc.phases[0].requests - nc.phases[0].ok).toBe(0);
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
