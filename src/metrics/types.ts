import type { StreamName } from '../load/index.ts';
import type { PhaseName } from '../timeline/index.ts';

/**
 * What became of one request slot. The one list of outcomes: every reporter and the bucketer
 * read OUTCOMES. `dropped` (never sent) and `client` (an error of the client machine) are the
 * harness's own failures: they make a run invalid, never lossy.
 *
 * The 4xx rule: `http4xxFailed` is a 4xx that counts as a lost request: 408, 425 or 429 (the
 * server shed or refused the request), or any other 4xx status that did not occur in the run's
 * baseline phase (`unexpected-4xx`). `http4xx` is a 4xx status that also occurred in the baseline
 * (e.g. the app's normal 404 for the load path): the app's ordinary answer, not a loss.
 */
export const OUTCOMES = [
  'ok',
  'http4xx',
  'http4xxFailed',
  'http5xx',
  'reset',
  'refused',
  'timeout',
  'malformed',
  'other',
  'dropped',
  'client',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** Outcomes that count as a request lost by the app. */
export const FAILURE_OUTCOMES: readonly Outcome[] = ['http4xxFailed', 'http5xx', 'reset', 'refused', 'timeout', 'malformed', 'other'];
/** Outcomes that mean the harness, not the app, failed. */
export const HARNESS_OUTCOMES: readonly Outcome[] = ['dropped', 'client'];

export type Verdict = 'lossless' | 'lossy' | 'invalid';
/** The verdict a scenario expects ('any': either is fine). */
export type ExpectedVerdict = 'lossless' | 'lossy' | 'any';
export const EXPECTED_VERDICTS: readonly ExpectedVerdict[] = ['lossless', 'lossy', 'any'];

export interface PhaseStats {
  name: PhaseName;
  /** Requests sent whose outcome became known in this phase (dropped slots not included). */
  requests: number;
  /** Requests sent during this phase, by send time (whenever their outcome became known). */
  sent: number;
  /** Requests the schedule asked for in this phase: target rate x phase length. */
  targetRequests: number;
  /** Requests/s asked for, and sent (sent / phase length). */
  targetRate: number;
  achievedRate: number;
  ok: number;
  /** 4xx answers whose status also occurred in the baseline: the app's ordinary answers, not failures. */
  http4xx: number;
  /**
   * 4xx answers that count as failures: 408, 425, 429, or a status not seen in the baseline
   * (unexpected-4xx). Absent (read as 0) in reports written before the 4xx rule.
   */
  http4xxFailed: number;
  /** Those failed 4xx by status code, e.g. { "429": 12, "403": 1 }. Absent in older reports. */
  http4xxFailedByCode: Record<string, number>;
  http5xx: number;
  /** 5xx counts by status code, e.g. { "502": 3 }. */
  http5xxByCode: Record<string, number>;
  reset: number;
  refused: number;
  timeout: number;
  /** Malformed responses (the parser's HPE_ code is in errorsByCode). */
  malformed: number;
  other: number;
  /** Slots not sent (no connection free under --max-connections). */
  dropped: number;
  /** Client-side errors (EMFILE, EADDRNOTAVAIL, ...). */
  client: number;
  /** Every non-HTTP code seen, e.g. { "ECONNREFUSED": 4, "HPE_INVALID_CONSTANT": 1 }. */
  errorsByCode: Record<string, number>;
  /** Failed requests / requests * 100. */
  errorPct: number;
  /**
   * Latency percentiles and maximum of the requests that did not fail, from each one's intended
   * send time (its slot's due time): send lag + service time. Failed requests' times are apart
   * (failedP99Ms): a refused connect (about 0 ms) or a timeout would otherwise move them.
   */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** 99th percentile of the service time alone (from the actual send); absent in reports before intended time. */
  serviceP99Ms?: number;
  /** 99th percentile of failed requests' times (intended send to failure); absent in older reports. */
  failedP99Ms?: number;
  /** Requests that opened a new connection vs reused a keep-alive one. */
  newConnections: number;
  reusedConnections: number;
  /**
   * Seconds covered by failed requests: the union of their intervals, each from its start to
   * its end and at least one slot of its stream (1/rate) long.
   */
  disruptionSeconds: number;
  /** Longest single stretch of that union, ms. */
  longestOutageMs: number;
}

/** One stream's stats, per phase (baseline, disruption, recovery). */
export interface StreamStats {
  name: StreamName;
  /** Requests/s this stream was asked for. */
  rate: number;
  phases: PhaseStats[];
}

/** Whether a run's measurement can be trusted; reasons name what failed (e.g. the achieved rate). */
export interface Validity {
  valid: boolean;
  reasons: string[];
}

/** Failed requests per pod they were sent to ('' when unknown), per outcome. */
export interface PodFailures {
  pod: string;
  failed: number;
  byOutcome: Partial<Record<Outcome, number>>;
  byStream: Partial<Record<StreamName, number>>;
}

/**
 * Per terminated pod: how long after its deletion its endpoint left the Service
 * (control plane) and how long it still got new connections (data path, from the records).
 */
export interface EndpointLag {
  pod: string;
  deletedAt: number;
  endpointRemovedAt?: number;
  lagMs?: number;
  /** Start of the last new-connection request this pod answered after its deletion, epoch ms. */
  lastNewConnectionAt?: number;
  /** lastNewConnectionAt - deletedAt: the window a preStop sleep must cover, measured. */
  dataPathLagMs?: number;
}

/**
 * Request outcomes over time: `counts[outcome][i]` requests that ended in
 * [start + i*ms, start + (i+1)*ms); start is the baseline start, the last bucket ends at or after `end`.
 */
export interface OutcomeBuckets {
  ms: number;
  start: number;
  counts: Record<Outcome, number[]>;
}
