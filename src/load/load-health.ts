import { type ELDHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import type { LoadRun } from './types.ts';

/** How healthy the load process was during one phase; the run writes one per phase to the timeline. */
export interface LoadHealth {
  phase: string;
  /** Event-loop delay of the process that sends the load, ms (p99 and max over the phase). */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Most connections open at once so far. */
  peakConnections: number;
  /** The largest send lag over the phase: how late a slot left after it was due, ms (absent in older timelines). */
  sendLagMaxMs?: number;
  /** A loop delay or send lag this large makes the phase untrusted: STALL_FRACTION of the request timeout, ms. */
  stallBoundMs?: number;
  /** Load from inside the cluster: the load pod these figures are of (absent: the harness process). */
  loader?: string;
}

/** Event-loop delay above which a phase's timings cannot be trusted (timers fire late, slots slip). */
export const LOOP_DELAY_BOUND_MS = 200;

/**
 * A stall of the load process (its event loop blocked, or slots sent late) of this share of the
 * request timeout makes a run invalid: answers and timeouts of that phase were read late, so a
 * slow answer may have been taken for a timeout and latencies stretched by the harness.
 */
export const STALL_FRACTION = 0.75;

/** The stall bound for a request timeout, ms. */
export function stallBoundMs(timeoutMs: number): number {
  return Math.round(timeoutMs * STALL_FRACTION);
}

/**
 * The load's health since the last take, for the phase that ends (or for a load pod's /health):
 * event-loop delay p99 and max, peak connections, largest send lag and the stall bound. Resets
 * the loop-delay histogram and the send lag, so the next take covers the next phase only.
 */
export function takeLoadHealth(
  loop: { take(): { p99Ms: number; maxMs: number } },
  run: Pick<LoadRun, 'peakConnections' | 'takeMaxSendLag'> | undefined,
  timeoutMs: number,
): Omit<LoadHealth, 'phase'> {
  const { p99Ms, maxMs } = loop.take();
  return {
    loopDelayP99Ms: p99Ms,
    loopDelayMaxMs: maxMs,
    peakConnections: run?.peakConnections() ?? 0,
    sendLagMaxMs: Math.round((run?.takeMaxSendLag() ?? 0) * 10) / 10,
    stallBoundMs: stallBoundMs(timeoutMs),
  };
}

/** Samples the event-loop delay of this process; `take()` returns the figures since the last take. */
export function watchEventLoop(resolutionMs = 10): { take(): { p99Ms: number; maxMs: number }; stop(): void } {
  const h: ELDHistogram = monitorEventLoopDelay({ resolution: resolutionMs });
  h.enable();
  return {
    take() {
      const ns = (v: number) => Math.round((Number.isFinite(v) ? v : 0) / 1e4) / 100;
      const out = { p99Ms: h.count ? ns(h.percentile(99)) : 0, maxMs: h.count ? ns(h.max) : 0 };
      h.reset();
      return out;
    },
    stop() {
      h.disable();
    },
  };
}

/** Parses a `load-health` timeline event's detail; undefined when it is not one. */
export function parseLoadHealth(detail: string | undefined): LoadHealth | undefined {
  if (!detail) return undefined;
  try {
    const v = JSON.parse(detail) as Partial<LoadHealth>;
    if (typeof v.phase !== 'string' || typeof v.loopDelayP99Ms !== 'number' || typeof v.loopDelayMaxMs !== 'number') return undefined;
    return {
      phase: v.phase,
      loopDelayP99Ms: v.loopDelayP99Ms,
      loopDelayMaxMs: v.loopDelayMaxMs,
      peakConnections: v.peakConnections ?? 0,
      ...(typeof v.sendLagMaxMs === 'number' ? { sendLagMaxMs: v.sendLagMaxMs } : {}),
      ...(typeof v.stallBoundMs === 'number' ? { stallBoundMs: v.stallBoundMs } : {}),
      ...(typeof v.loader === 'string' ? { loader: v.loader } : {}),
    };
  } catch {
    return undefined;
  }
}
