import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterProvider } from '../../src/cluster/provider.ts';
import { resolveLoadPlan } from '../../src/load/index.ts';
import { buildScenarioRun } from '../../src/metrics/result/build-report.ts';
import type { ScenarioRun } from '../../src/metrics/result/report-model.ts';
import { CleanupStack } from '../../src/run/cleanup-stack.ts';
import { runScenarioOnce } from '../../src/run/scenario-run.ts';
import { findScenarioRoot, readScenario } from '../../src/scenario/index.ts';
import { type Sample, startIndependentClient } from './independent-client.ts';

/**
 * zerodrop's figures against a client written in the test, sharing no code with zerodrop
 * (independent-client.ts): both streams, kept-alive and a new connection per request, each at
 * the rate of zerodrop's (50/s), through the same Service during the same rollout.
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
      // As zerodrop stops its load before it removes the workload, so does the independent client:
      // a request of its still in flight at the removal would be reset by the harness, not the app.
      const remove = w.remove.bind(w);
      w.remove = async () => {
        await client?.stop();
        return remove();
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
