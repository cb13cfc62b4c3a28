import type { Cause } from './causes.ts';
import type { EndpointCount, PodHistory } from './pod-history.ts';

/** What the rules know besides the record: the timeline (per pod, endpoints) and what the records so far showed. */
export interface RuleContext {
  pods: ReadonlyMap<string, PodHistory>;
  endpoints: EndpointCount;
  /** Start of the disruption phase, epoch ms. */
  disruptionAt: number;
  /** End of the last answered request on this connection before the current one. */
  previousAnswerEnd(conn: number): number | undefined;
  /** Send time of the earliest 2xx/3xx answer from this pod seen so far. */
  firstServed(pod: string): number | undefined;
}

/**
 * Evidence a rule can only judge once every record was read: whether `pod` answered (2xx/3xx) a
 * request sent at or after `after` (epoch ms). The tracker resolves it when the run's records are
 * all in (metrics/diagnosis/pending.ts).
 */
export interface PendingAnswer {
  pod: string;
  after: number;
  /** The SIGTERM it is measured from, epoch ms. */
  sigtermAt: number;
}

/**
 * A failed request's cause, the pod it is laid on ('' when none) and the reason, stable per pod (it
 * groups the evidence). An `unknown` names the evidence that was missing (`missing`); a `pending`
 * one still waits for evidence only the whole run shows.
 */
export interface Attribution {
  cause: Cause;
  pod: string;
  detail: string;
  missing?: string;
  pending?: PendingAnswer;
}

/** "5.0 s" */
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** No rule's evidence was complete: `detail` what was seen, `missing` what would have decided it. */
export const unknown = (pod: string, detail: string, missing: string): Attribution => ({ cause: 'unknown', pod, detail, missing });
