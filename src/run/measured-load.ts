import { EventEmitter } from 'node:events';
import type { LoadPlan, LoadTarget, StreamPlan } from '../load/index.ts';
import { type LoadHealth, openRequestLog, startLoad, takeLoadHealth, watchEventLoop } from '../load/index.ts';
import { classify, isFailure } from '../metrics/index.ts';
import type { PhaseName, TimelineSink } from '../timeline/index.ts';
import { sleep } from '../util/index.ts';
import type { OutcomeBins } from './outcome-bins.ts';

export interface MeasuredLoad {
  streams: StreamPlan[];
  requests: number;
  failures: number;
  /** Resolves at the first answer (the load is in its steady state from then on) or after `ms`. */
  firstAnswer(ms: number, signal?: AbortSignal): Promise<void>;
  /** Marks a phase boundary: the load's health over the phase that ends, then the `phase` event. */
  phase(next: 'baseline' | 'disruption' | 'recovery' | 'end'): void;
  /** Stops sending, waits for the answers in flight, closes the log. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The load of one scenario iteration, with every slot streamed to `requestsFile` and the load
 * process's health written to the timeline at each phase boundary. With `bins`, every record is
 * also counted there by phase (the phaseOfEnd rule: the warm-up in baseline, the drain in recovery).
 */
export function startMeasuredLoad(
  target: LoadTarget,
  load: LoadPlan,
  requestsFile: string,
  timeline: TimelineSink,
  bins?: OutcomeBins,
): MeasuredLoad {
  const { streams } = load;
  const log = openRequestLog(requestsFile, streams);
  const loop = watchEventLoop();
  /** Emits 'change' once, at the first record: wakes firstAnswer(). */
  const firstRecord = new EventEmitter();
  let current = '';
  let binPhase: PhaseName = 'baseline';
  const m: MeasuredLoad = {
    streams,
    requests: 0,
    failures: 0,
    firstAnswer: async (ms, signal) => {
      if (m.requests === 0) await sleep(ms, signal, firstRecord);
    },
    phase(next) {
      // The first boundary only resets the figures: the start-up before the baseline is not judged.
      const health = takeLoadHealth(loop, run, load.timeoutMs);
      if (current) timeline.emit({ kind: 'load-health', detail: JSON.stringify({ phase: current, ...health } satisfies LoadHealth) });
      current = next;
      if (next !== 'end') binPhase = next;
      timeline.emit({ kind: 'phase', detail: next });
    },
    stop: () =>
      (stopping ??= (async () => {
        try {
          await run.stop();
        } finally {
          loop.stop();
          await log.close();
        }
      })()),
  };
  let stopping: Promise<void> | undefined;
  const run = startLoad({
    target,
    streams,
    timeoutMs: load.timeoutMs,
    reconnectEvery: load.reconnectEvery,
    pool: load.pool,
    maxConnections: load.maxConnections,
    onRecord: (r) => {
      log.write(r);
      m.requests++;
      const outcome = classify(r.code);
      if (isFailure(outcome)) m.failures++;
      bins?.add(r, outcome, binPhase);
      if (m.requests === 1) firstRecord.emit('change');
    },
    onEvent: (e) => log.event(e),
  });
  return m;
}
