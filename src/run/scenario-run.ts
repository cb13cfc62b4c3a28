import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterProvider } from '../cluster/provider.ts';
import { createDisruption } from '../disruption/registry.ts';
import type { DisruptionResult } from '../disruption/disruption.ts';
import { startLoad } from '../load/load-driver.ts';
import { openRequestLog } from '../load/request-log.ts';
import { classify, isFailure } from '../metrics/classify.ts';
import type { DisruptionKind, LoadSettings, Scenario } from '../scenario/types.ts';
import { TimelineRecorder } from '../timeline/timeline-recorder.ts';
import { abortableSleep } from '../util/abortable-sleep.ts';
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
  await workload.waitSettled(timeoutMs);
  await waitServing(workload.target, load.path, { timeoutMs, requestTimeoutMs: load.timeoutMs, signal });

  const log = openRequestLog(requestsFile);
  let requests = 0;
  let failures = 0;
  const loadRun = startLoad({
    target: { ...workload.target, path: load.path },
    rate: load.rate,
    connections: load.connections,
    timeoutMs: load.timeoutMs,
    reconnectEvery: load.reconnectEvery,
    onRecord: (r) => {
      log.write(r);
      requests++;
      if (isFailure(classify(r.code))) failures++;
    },
  });
  const stopLoad = cleanup.push(`stop load ${scenario.name}`, async () => { await loadRun.stop(); await log.close(); });
  input.onMeasuring?.({ iteration, dir, requestsFile, timelineFile, timeline, disruption: { affectedPods: [] } });
  const ticker = setInterval(() => input.onProgress?.({ type: 'tick', scenario: scenario.name, iteration, requests, failures }), 250);
  try {
    timeline.emit({ kind: 'phase', detail: 'baseline' });
    progress('baseline');
    await abortableSleep(load.baselineSeconds * 1000, signal);

    timeline.emit({ kind: 'phase', detail: 'disruption' });
    progress('disruption');
    timeline.emit({ kind: 'disruption-start', detail: input.disruption });
    const result = await createDisruption(input.disruption).run({ workload, timeline, signal, timeoutMs });
    timeline.emit({ kind: 'disruption-end', detail: input.disruption });

    timeline.emit({ kind: 'phase', detail: 'recovery' });
    progress('recovery');
    await abortableSleep(load.recoverySeconds * 1000, signal);
    timeline.emit({ kind: 'phase', detail: 'end' });

    stopLoad();
    await loadRun.stop();
    await log.close();
    removeWorkload();
    await workload.remove();
    closeTimeline();
    await timeline.close();
    progress('done');
    return { iteration, dir, requestsFile, timelineFile, timeline, disruption: result };
  } finally {
    clearInterval(ticker);
    input.onProgress?.({ type: 'tick', scenario: scenario.name, iteration, requests, failures });
  }
}
