import type { StreamName } from '../load/index.ts';
import type { Outcome, ReportModel } from '../metrics/index.ts';
import type { PhaseName, TimelineEvent, TimelineSink } from '../timeline/index.ts';

/** Requests per outcome (absent: none). */
export type OutcomeCounts = Partial<Record<Outcome, number>>;

/**
 * What a run reports while it works; the CLI renders it (live rows on a TTY, plain lines
 * otherwise, and the --live page).
 */
export type ProgressEvent =
  | { type: 'step'; message: string }
  | { type: 'phase'; scenario: string; iteration: number; phase: PhaseName | 'deploy' | 'done'; at: number }
  | { type: 'tick'; scenario: string; iteration: number; requests: number; failures: number }
  /**
   * Requests of one stream whose outcome became known in the bin [t, t + BIN_MS) (epoch ms, by
   * end time; run/outcome-bins.ts), counted since the previous event for that bin: counts add up.
   * `phase` is the load's phase when they were recorded (warm-up in baseline, the drain in recovery).
   */
  | { type: 'outcomes'; scenario: string; iteration: number; stream: StreamName; phase: PhaseName; t: number; counts: OutcomeCounts }
  /** One lifecycle event, as the scenario's timeline recorded it. */
  | { type: 'timeline'; scenario: string; iteration: number; event: TimelineEvent }
  /** The report model, once built (the run's end). */
  | { type: 'report'; report: ReportModel };

export type ProgressListener = (e: ProgressEvent) => void;

/** A sink that stamps each event, records it in `sink` and hands the stamped event to `on`. */
export function tapTimeline(sink: TimelineSink, on: (e: TimelineEvent) => void): TimelineSink {
  return {
    emit(event) {
      const stamped: TimelineEvent = { ...event, t: event.t ?? Date.now() };
      sink.emit(stamped);
      on(stamped);
    },
  };
}
