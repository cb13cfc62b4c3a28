import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterProvider } from '../../src/cluster/provider.ts';
import { classify, isFailure } from '../../src/metrics/classify.ts';
import { buildScenarioRun } from '../../src/metrics/result/build-report.ts';
import type { ScenarioRun } from '../../src/metrics/result/report-model.ts';
import { CleanupStack } from '../../src/run/cleanup-stack.ts';
import { runScenarioOnce } from '../../src/run/scenario-run.ts';
import { findScenarioRoot, readScenario } from '../../src/scenario/index.ts';
import { resolveLoadPlan } from '../../src/load/index.ts';
import { startIndependentClient, type Sample } from './independent-client.ts';

/**
 * zerodrop's figures against a client written in the test, sharing no code with the load
 * engine: node:http, a new connection per request, at the same rate as zerodrop's
 * new-connection stream (50/s), through the same Service during the same rollout.
 * `provider` must be up; it is not brought down here.
 */
export async function measureBoth(provider: ClusterProvider, name: string): Promise<{ run: ScenarioRun; samples: Sample[] }> {
  const cleanup = new CleanupStack();
  let client: ReturnType<typeof startIndependentClient> | undefined;
  const spy: ClusterProvider = {
    name: provider.name,
    emulated: provider.emulated,
    up: (s) => provider.up(s),
    notes: () => provider.notes(),
    down: () => provider.down(),
    async deploy(s, timeline, signal) {
      const w = await provider.deploy(s, timeline, signal);
      const waitSettled = w.waitSettled.bind(w);
      // start once the workload serves, as zerodrop's own load does
      w.waitSettled = async (ms) => {
        await waitSettled(ms);
        client ??= startIndependentClient(w.target, 50);
      };
      return w;
    },
  };
  try {
    const scenario = await readScenario(findScenarioRoot(), name);
    const dir = await mkdtemp(join(tmpdir(), `zd-indep-${name}-`));
    const out = await runScenarioOnce({
      provider: spy,
      scenario,
      iteration: 1,
      dir,
      timeoutMs: 120_000,
      cleanup,
      disruption: 'rollout',
      load: resolveLoadPlan({
        ...scenario.load,
        rate: 100,
        streams: ['keep-alive', 'new-connection'],
        keepAlivePercent: 50,
        baselineSeconds: 2,
        recoverySeconds: 2,
      }),
    });
    const samples = await client!.stop();
    const run = await buildScenarioRun(
      { iteration: 1, requestsFile: out.requestsFile, timelineFile: out.timelineFile, timeline: out.timeline.events() },
      dir,
    );
    return { run, samples };
  } finally {
    await client?.stop();
    await cleanup.runAll();
  }
}

/** The independent client's failed samples that ended in [from, to). */
export function failedIn(samples: Sample[], from: number, to: number): Sample[] {
  return samples.filter((s) => s.end >= from && s.end < to && isFailure(classify(s.code)));
}

/** Failure ratios of zerodrop's new-connection stream and of the independent client in the disruption. */
export function disruptionRatios({ run, samples }: { run: ScenarioRun; samples: Sample[] }) {
  const b = run.boundaries;
  const p = run.streams.find((s) => s.name === 'new-connection')!.phases[1];
  const zdFailed = p.requests - p.ok - p.http4xx;
  const indepFailed = failedIn(samples, b.disruption, b.recovery).length;
  const indepAll = samples.filter((s) => s.end >= b.disruption && s.end < b.recovery).length;
  return { zdFailed, zdRatio: zdFailed / p.requests, indepFailed, indepRatio: indepFailed / indepAll };
}
