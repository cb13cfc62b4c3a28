import type { PhaseName } from '../timeline/types.ts';

export type Outcome = 'ok' | 'http4xx' | 'http5xx' | 'reset' | 'refused' | 'timeout' | 'other';
export const FAILURE_OUTCOMES: readonly Outcome[] = ['http5xx', 'reset', 'refused', 'timeout', 'other'];

export interface PhaseStats {
  name: PhaseName;
  requests: number;
  ok: number;
  http4xx: number;
  http5xx: number;
  /** 5xx counts by status code, e.g. { "502": 3 }. */
  http5xxByCode: Record<string, number>;
  reset: number;
  refused: number;
  timeout: number;
  other: number;
  /** Failed requests (5xx + reset + refused + timeout + other) / requests * 100. */
  errorPct: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Requests that opened a new connection vs reused a keep-alive one. */
  newConnections: number;
  reusedConnections: number;
}
