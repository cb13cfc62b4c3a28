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

/** A failed request's cause, the pod it is laid on ('' when none) and the reason, stable per pod (it groups the evidence). */
export interface Attribution {
  cause: Cause;
  pod: string;
  detail: string;
}

/** "5.0 s" */
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export const unknown = (pod: string, detail: string): Attribution => ({ cause: 'unknown', pod, detail });
