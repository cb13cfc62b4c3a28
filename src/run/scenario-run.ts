import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterProvider } from '../cluster/index.ts';
import type { DisruptionResult } from '../disruption/index.ts';
import { createDisruption } from '../disruption/index.ts';
import { DEFAULT_PROGRESS_DEADLINE_SECONDS, type DisruptionKind } from '../k8s/index.ts';
import type { LoadPlan, LoadTarget } from '../load/index.ts';
import { agentTimeLimitSeconds, ControlProbe, type LoadFrom } from '../load/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { TimelineRecorder } from '../timeline/index.ts';
import { sleep } from '../util/index.ts';
import type { CleanupStack } from './cleanup-stack.ts';
import { loadSource } from './load-source.ts';
import { OutcomeBins } from './outcome-bins.ts';
import { type ProgressListener, tapTimeline } from './progress.ts';

export interface ScenarioRunInput {
  provider: ClusterProvider;
  scenario: Scenario;
  /** The scenario's load plan, resolved once for the run. */
  load: LoadPlan;
  disruption: DisruptionKind;
  /** Replicas a scale-down removes (default 1). */
  scaleBy?: number;
  iteration: number;
  /** Directory for this iteration's raw files. */
  dir: string;
  timeoutMs: number;
  /** The first settle wait's bound; default the Deployment's progressDeadlineSeconds (600 s). */
  settleTimeoutMs?: number;
  cleanup: CleanupStack;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Where the load comes from (default host: this machine, through the Service's NodePort). */
  loadFrom?: LoadFrom;
  /** The run's control backend: a control stream goes to it beside the load (see control-backend.ts). */
  control?: LoadTarget;
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
  // Before the first await: runs started together announce themselves in the run's order.
  progress('deploy');
  await mkdir(dir, { recursive: true });
  const timelineFile = join(dir, 'timeline.ndjson');
  const requestsFile = join(dir, 'requests.ndjson');
  const recorder = new TimelineRecorder(timelineFile);
  const closeTimeline = cleanup.push(`close ${timelineFile}`, () => recorder.close());
  const listener = input.onProgress;
  // With a listener, every event and each bin of outcomes also goes to it.
  const timeline = listener
    ? tapTimeline(recorder, (event) => listener({ type: 'timeline', scenario: scenario.name, iteration, event }))
    : recorder;
  const bins = listener ? new OutcomeBins() : undefined;

  const workload = await provider.deploy(scenario, timeline, signal);
  const removeWorkload = cleanup.push(`remove ${scenario.name}`, () => workload.remove());
  const deadline = scenario.manifests.deployment.spec.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS;
  await workload.waitSettled(input.settleTimeoutMs ?? deadline * 1000, signal);
  // Either source waits until the Service serves, from where it sends, before the load starts.
  const maxRunSeconds = agentTimeLimitSeconds(load.settings.baselineSeconds, load.settings.recoverySeconds, timeoutMs);
  const load_ = await loadSource(input.loadFrom).start({
    workload,
    load,
    dir,
    requestsFile,
    timeline,
    timeoutMs,
    maxRunSeconds,
    signal,
    bins,
  });
  const stopLoad = cleanup.push(`stop load ${scenario.name}`, () => load_.stop());
  const control = input.control && new ControlProbe(input.control, { timeoutMs: load.timeoutMs, file: join(dir, 'control.ndjson') });
  const stopControl = cleanup.push(`stop control stream ${scenario.name}`, async () => control?.stop());
  let controlPhase = '';
  /** The control stream's figures for the phase that ends (the first boundary only resets them), then the load's. */
  const boundary = (next: 'baseline' | 'disruption' | 'recovery' | 'end') => {
    const h = control?.take(controlPhase);
    if (h && controlPhase) timeline.emit({ kind: 'control', detail: JSON.stringify(h) });
    controlPhase = next;
    load_.phase(next);
  };
  input.onMeasuring?.({ iteration, dir, requestsFile, timelineFile, timeline: recorder, disruption: { affectedPods: [] } });
  const tick = () => {
    for (const b of bins?.take() ?? []) listener?.({ type: 'outcomes', scenario: scenario.name, iteration, ...b });
    listener?.({ type: 'tick', scenario: scenario.name, iteration, requests: load_.requests, failures: load_.failures });
  };
  const ticker = setInterval(tick, 250);
  try {
    // Warm-up: the baseline starts once answers come back (a slow app answers seconds after the first slot).
    await load_.firstAnswer(load.timeoutMs, signal);
    boundary('baseline');
    progress('baseline');
    await sleep(load.settings.baselineSeconds * 1000, signal);

    boundary('disruption');
    progress('disruption');
    timeline.emit({ kind: 'disruption-start', detail: input.disruption });
    const result = await createDisruption(input.disruption, { scaleBy: input.scaleBy }).run({ workload, timeline, signal, timeoutMs });
    timeline.emit({ kind: 'disruption-end', detail: input.disruption });

    boundary('recovery');
    progress('recovery');
    await sleep(load.settings.recoverySeconds * 1000, signal);
    // Nothing is sent from here on; answers still in flight belong to recovery.
    load_.phase('end');
    stopControl();
    await control?.stop();
    // The recovery phase's control requests, those in flight at its end included.
    if (control) timeline.emit({ kind: 'control', detail: JSON.stringify(control.take('recovery')) });

    stopLoad();
    await load_.stop();
    removeWorkload();
    await workload.remove();
    closeTimeline();
    await recorder.close();
    progress('done');
    return { iteration, dir, requestsFile, timelineFile, timeline: recorder, disruption: result };
  } finally {
    clearInterval(ticker);
    tick();
  }
}
