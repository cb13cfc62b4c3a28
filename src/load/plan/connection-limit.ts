/**
 * Enough connections to carry `rate` requests/s when each may take up to `timeoutMs` (a total
 * outage: every request times out): rate x timeout plus a quarter and 4 more, for connections
 * whose timeout fires late or whose close is still under way. At least 4.
 */
export function defaultMaxConnections(rate: number, timeoutMs: number): number {
  return Math.max(4, Math.ceil(((rate * timeoutMs) / 1000) * 1.25) + 4);
}
