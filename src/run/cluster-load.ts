import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ZerodropError } from '../errors/index.ts';
import type { ClockEstimate, LoadHealth, LoadPods } from '../load/index.ts';
import { AgentStream, mergeLoaderLogs } from '../load/index.ts';
import { classify, isFailure } from '../metrics/index.ts';
import type { PhaseName } from '../timeline/index.ts';
import { NdjsonWriter, sleep } from '../util/index.ts';
import type { LoadSourceInput } from './load-source-input.ts';
import type { MeasuredLoad } from './measured-load.ts';

/** How long stop() waits for the pods to report their end beyond the request timeout. */
const STOP_SLACK_MS = 15_000;

/**
 * Load from inside the cluster (--load-from cluster): the workload's provider starts load pods
 * (a Job, one pod per node where possible), each driving its share of the schedule with the same
 * load engine as the host. Their records stream back through the pod log API as they happen, into
 * one raw file per pod (<dir>/load-pods/); live counts come from them. On stop the pods' clocks
 * are probed again and the raw files are merged into the run's request log on the harness's clock,
 * with each pod's missing slots counted as dropped (load/remote/merge-loaders.ts). Phase rules are
 * the host's: the phases are the harness's, records fall into them by their aligned times.
 */
export async function startClusterLoad(i: LoadSourceInput): Promise<MeasuredLoad> {
  if (!i.workload.startLoadPods) {
    throw new ZerodropError('load from inside the cluster needs a Kubernetes cluster', {
      field: '--load-from',
      hint: 'use --provider kind or --provider kubeconfig',
    });
  }
  const { streams } = i.load;
  const rawDir = join(i.dir, 'load-pods');
  await mkdir(rawDir, { recursive: true });
  const raws: { file: string; writer: NdjsonWriter }[] = [];
  const firstRecord = new EventEmitter();
  /** The live view's phase for the records arriving now (they arrive some 100 ms after they happen). */
  let binPhase: PhaseName = 'baseline';
  const m: MeasuredLoad = {
    streams,
    requests: 0,
    failures: 0,
    firstAnswer: async (ms, signal) => {
      if (m.requests === 0) await sleep(ms, signal, firstRecord);
    },
    phase: (next) => phase(next),
    stop: () => (stopping ??= stop()),
  };
  const pods: LoadPods = await i.workload.startLoadPods({
    plan: i.load,
    maxRunSeconds: i.maxRunSeconds,
    waitTimeoutMs: i.timeoutMs,
    signal: i.signal,
    streamFor: (loader, pod) => {
      const file = join(rawDir, `${loader}-${pod}.ndjson`);
      const writer = new NdjsonWriter(file, 'load pod log');
      raws[loader] = { file, writer };
      return new AgentStream({
        lines: (block) => writer.write(block),
        record: (r) => {
          m.requests++;
          const outcome = classify(r.code);
          if (isFailure(outcome)) m.failures++;
          i.bins?.add(r, outcome, binPhase);
          if (m.requests === 1) firstRecord.emit('change');
        },
      });
    },
  });
  const closeRaw = () => Promise.all(raws.map((r) => r.writer.close().catch(() => undefined)));
  let startClock: (ClockEstimate | undefined)[] = [];
  let startAt: number | undefined;
  try {
    i.timeline.emit({ kind: 'note', detail: `load pods ${pods.target}: ${pods.pods.map((p) => `${p.name} on ${p.node}`).join(', ')}` });
    startClock = await pods.clocks();
    await pods.waitServing(i.timeoutMs, i.signal);
    startAt = Date.now();
    await pods.start();
  } catch (err) {
    pods.close();
    await closeRaw();
    throw err;
  }

  let current = '';
  let health: Promise<unknown> = Promise.resolve();
  let stopping: Promise<void> | undefined;
  /** The agents' health over the phase that ends, one load-health event per pod, then the phase event. */
  function phase(next: PhaseName | 'end'): void {
    if (current) {
      const ended = current;
      health = Promise.all([
        health,
        pods.health().then(
          (all) =>
            all.forEach((h, k) => {
              if (!h) return;
              const detail: LoadHealth = { phase: ended, ...h, loader: pods.pods[k].name };
              i.timeline.emit({ kind: 'load-health', detail: JSON.stringify(detail) });
            }),
          () => undefined,
        ),
      ]);
    }
    current = next;
    if (next !== 'end') binPhase = next;
    i.timeline.emit({ kind: 'phase', detail: next });
  }

  async function stop(): Promise<void> {
    try {
      await health;
      const endClock = await pods.clocks().catch(() => []);
      const stopAt = Date.now();
      await pods.stop(i.load.timeoutMs + STOP_SLACK_MS);
      const restarts = await pods.restarts();
      pods.close();
      await closeRaw();
      await mergeLoaderLogs(
        i.requestsFile,
        pods.pods.map((p, k) => ({
          name: p.name,
          node: p.node,
          streams: p.streams,
          restarts: restarts[k] ?? 0,
          rawFile: raws[k].file,
          clock: { start: startClock[k], end: endClock[k] },
          startAt,
          stopAt,
        })),
        startAt ?? stopAt,
      );
    } finally {
      pods.close();
      await closeRaw();
    }
  }
  return m;
}
