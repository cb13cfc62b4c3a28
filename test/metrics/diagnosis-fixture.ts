import type { RequestRecord } from '../../src/load/types.ts';
import { classify, isFailure } from '../../src/metrics/classify.ts';
import type { DiagnosisEntry } from '../../src/metrics/diagnosis/causes.ts';
import { DiagnosisTracker } from '../../src/metrics/diagnosis/diagnosis-tracker.ts';
import { makePhases } from '../../src/timeline/phases.ts';
import type { TimelineEvent, TimelineKind } from '../../src/timeline/types.ts';

/** Phases of the diagnosis tests: baseline [0, 10 s), disruption [10 s, 30 s), recovery [30 s, 40 s). */
export const PHASES = makePhases({ baseline: 0, disruption: 10_000, recovery: 30_000, end: 40_000 });

const ev = (t: number, kind: TimelineKind, pod: string, detail?: string): TimelineEvent => ({
  t,
  kind,
  pod,
  ...(detail ? { detail } : {}),
});

/** A pod serving since before the run. */
export const serving = (pod: string): TimelineEvent[] => [
  ev(-5000, 'pod-created', pod),
  ev(-4000, 'pod-ready', pod),
  ev(-3000, 'endpoint-added', pod),
];

/**
 * web-old: serving, deleted at 12 s, endpoint removed at 13 s, a 3 s preStop, SIGTERM at 15 s,
 * SIGKILL at 17 s (exit 137). `reactedAt`: a failed readiness probe then. web-stay keeps serving;
 * web-new starts at 10 s, Ready at 16 s, in service at 17 s.
 */
export function rollout(o: { reactedAt?: number } = {}): TimelineEvent[] {
  return [
    ...serving('web-old'),
    ...serving('web-stay'),
    ev(12_000, 'pod-deleted', 'web-old'),
    ev(12_000, 'prestop-start', 'web-old'),
    ev(13_000, 'endpoint-removed', 'web-old'),
    ev(15_000, 'prestop-end', 'web-old', 'ok'),
    ev(15_000, 'sigterm', 'web-old', 'SIGTERM'),
    ...(o.reactedAt !== undefined ? [ev(o.reactedAt, 'probe-failed', 'web-old', 'readiness')] : []),
    ev(17_000, 'sigkill', 'web-old'),
    ev(17_010, 'exit', 'web-old', '137'),
    ev(17_010, 'pod-unready', 'web-old'),
    ev(10_000, 'pod-created', 'web-new'),
    ev(16_000, 'pod-ready', 'web-new'),
    ev(17_000, 'endpoint-added', 'web-new'),
  ];
}

/** One record: keep-alive and reused unless told. */
export function r(t: number, code: number | string, o: Partial<RequestRecord> = {}): RequestRecord {
  return { t, ms: 5, code, pod: 'web-old', conn: 1, fresh: false, stream: 'keep-alive', ...o };
}

/** Answers on one kept-alive connection to web-old, every 100 ms from `from` to `to`. */
export const answers = (from: number, to: number, conn = 7): RequestRecord[] =>
  Array.from({ length: Math.floor((to - from) / 100) + 1 }, (_, i) => r(from + i * 100, 200, { conn, ms: 20 }));

/** The diagnosis of these records (fed in order) over this timeline. */
export function diagnose(timeline: TimelineEvent[], records: RequestRecord[]): DiagnosisEntry[] {
  const d = new DiagnosisTracker(timeline, PHASES);
  for (const x of records) d.add(x, classify(x.code));
  return d.result();
}

/** The one cause of the failed records (the test's records fail one way), with the reason. */
export function causeOf(
  timeline: TimelineEvent[],
  records: RequestRecord[],
): { cause: string; pod: string; detail: string; count: number } {
  const list = diagnose(timeline, records);
  const failed = records.filter((x) => isFailure(classify(x.code))).length;
  if (list.length !== 1 || list[0].count !== failed)
    throw new Error(`expected one cause for ${failed} failures, got ${JSON.stringify(list)}`);
  const [{ cause, count, evidence }] = list;
  return { cause, count, pod: evidence[0].pod, detail: evidence[0].detail };
}
