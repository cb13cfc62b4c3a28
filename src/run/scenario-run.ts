import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterProvider } from '../cluster/provider.ts';
import { createDisruption } from '../disruption/registry.ts';
import type { DisruptionResult } from '../disruption/disruption.ts';
import type { DisruptionKind, LoadSettings, Scenario } from '../scenario/types.ts';
import { TimelineRecorder } from '../timeline/timeline-recorder.ts';
import { sleep } from '../util/wait-for.ts';
import { startMeasuredLoad } from './measured-load.ts';
import { waitServing } from './wait-serving.ts';
import type { CleanupStack } from './cleanup-stack.ts';
import type { ProgressListener } from './progress.ts';

export interface ScenarioRunInput {
  provider: ClusterProvider;
  scenario: Scenario;
  load: LoadSettings;
  disruption: DisruptionKind;
  iteration: number;
  /** Directory for this iteration's raw files. */
  dir: string;
  timeoutMs: number;
  cleanup: CleanupStack;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Called once load has started, with what the report needs should the run stop before it ends. */
  onMeasuring?: (partial: ScenarioRunOutput) => void;
}

export interface ScenarioRunOutput {
  iteration: number;
  dir: string;
  requestsFile: string;
  timelineFile: string;
  timeline: TimelineRecorder;
  disruption: DisruptionResult;
}

/**
 * One iteration of one scenario: deploy, wait until settled, then load through baseline,
 * disruption (ends when its effect is observed) and recovery. Raw records stream to `dir`.
 */
export async function runScenarioOnce(input: ScenarioRunInput): Promise<ScenarioRunOutput> {
  const { provider, scenario, load, iteration, dir, signal, cleanup, timeoutMs } = input;
  const progress = (phase: 'deploy' | 'baseline' | 'disruption' | 'recovery' | 'done') =>
    input.onProgress?.({ type: 'phase', scenario: scenario.name, iteration, phase, at: Date.now() });
  await mkdir(dir, { recursive: true });
  const timelineFile = join(dir, 'timeline.ndjson');
  const requestsFile = join(dir, 'requests.ndjson');
  const timeline = new TimelineRecorder(timelineFile);
  const closeTimeline = cleanup.push(`close ${timelineFile}`, () => timeline.close());

  progress('deploy');
  const workload = await provider.deploy(scenario, timeline, signal);
  const removeWorkload = cleanup.push(`remove ${scenario.name}`, () => workload.remove());
  await workload.waitSettled(timeoutMs, signal);
  await waitServing(workload.target, load.path, { timeoutMs, requestTimeoutMs: load.timeoutMs, signal });

  const load_ = startMeasuredLoad({ ...workload.target, path: load.path }, load, requestsFile, timeline);
  const stopLoad = cleanup.push(`stop load ${scenario.name}`, () => load_.stop());
  input.onMeasuring?.({ iteration, dir, requestsFile, timelineFile, timeline, disruption: { affectedPods: [] } });
  const tick = () => input.onProgress?.({ type: 'tick', scenario: scenario.name, iteration, requests: load_.requests, failures: load_.failures });
  const ticker = setInterval(tick, 250);
  try {
    // Warm-up: the baseline starts once answers come back (a slow app answers seconds after the first slot).
    await load_.firstAnswer(load.timeoutMs, signal);
    load_.phase('baseline');
    progress('baseline');
    await sleep(load.baselineSeconds * 1000, signal);

    load_.phase('disruption');
    progress('disruption');
    timeline.emit({ kind: 'disruption-start', detail: input.disruption });
    const result = await createDisruption(input.disruption).run({ workload, timeline, signal, timeoutMs });
    timeline.emit({ kind: 'disruption-end', detail: input.disruption });

    load_.phase('recovery');
    progress('recovery');
    await sleep(load.recoverySeconds * 1000, signal);
    // Nothing is sent from here on; answers still in flight belong to recovery.
    load_.phase('end');

    stopLoad();
    await load_.stop();
    removeWorkload();
    await workload.remove();
    closeTimeline();
    await timeline.close();
    progress('done');
    return { iteration, dir, requestsFile, timelineFile, timeline, disruption: result };
  } finally {
    clearInterval(ticker);
    tick();
  }
}
