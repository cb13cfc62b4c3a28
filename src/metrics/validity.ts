import { CLIENT_ERROR_CODES, CODES, LOOP_DELAY_BOUND_MS, parseControlHealth, parseLoadHealth, STALL_FRACTION } from '../load/index.ts';
import type { TimelineEvent } from '../timeline/index.ts';
import { failedRequests } from './aggregate.ts';
import type { StreamStats, Validity } from './types.ts';

/** Below this share of its target requests a phase's counts cannot be trusted. */
export const MIN_TARGET_SHARE = 0.9;
/**
 * Requests a phase may miss whatever its target: a slot whose answer lands at a phase boundary
 * can fall on either side of it, which matters only for short phases (8 targeted, 7 counted).
 */
export const BOUNDARY_SLACK = 1;

const zero = {
  http5xx: 0,
  reset: 0,
  refused: 0,
  timeout: 0,
  malformed: 0,
  other: 0,
  ok: 0,
  http4xx: 0,
  http4xxFailed: 0,
  dropped: 0,
  client: 0,
};
const num = (v: number) => String(Math.round(v * 10) / 10);
const codeList = (codes: Record<string, number>) =>
  Object.entries(codes)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');

/** True when the timeline records the end of recovery (the run was not cut short). */
export function ranToEnd(events: readonly TimelineEvent[]): boolean {
  return events.some((e) => e.kind === 'phase' && e.detail === 'end');
}

/**
 * Whether one run's measurement can be trusted. Each reason is one line naming its figures:
 * the run stopped early; a stream's phase that sent below 90 % of its target requests (and short by more
 * than BOUNDARY_SLACK), or with dropped slots; no request in the disruption; failures in the
 * baseline; client-side errors; the load process's event-loop delay above LOOP_DELAY_BOUND_MS; a
 * failed request of the control stream (to a backend no disruption touches).
 */
export function validityOf(streams: readonly StreamStats[], events: readonly TimelineEvent[]): Validity {
  const reasons: string[] = [];
  if (!ranToEnd(events)) reasons.push('the run stopped early: no end of recovery was recorded, so its phases are cut short');
  for (const s of streams) {
    for (const p of s.phases) {
      const where = `${s.name} ${p.name}`;
      if (p.name === 'disruption' && p.requests === 0) {
        reasons.push(`${where}: no request completed (target ${p.targetRequests}): the disruption was not measured`);
      } else if (p.targetRequests > 0 && p.sent < MIN_TARGET_SHARE * p.targetRequests && p.sent < p.targetRequests - BOUNDARY_SLACK) {
        reasons.push(
          `${where}: achieved ${num(p.achievedRate)} of ${num(p.targetRate)} req/s (${p.sent} of ${p.targetRequests} target requests sent)`,
        );
      }
      const missing = p.errorsByCode[CODES.missing] ?? 0;
      const dropped = p.dropped - missing;
      if (dropped > 0)
        reasons.push(`${where}: ${dropped} slot${dropped === 1 ? '' : 's'} dropped: no connection free under the connection limit`);
      if (missing > 0)
        reasons.push(
          `${where}: ${missing} slot${missing === 1 ? '' : 's'} never reported by a load pod (it restarted or its log lost lines), counted as dropped`,
        );
    }
  }
  const baseline = streams.map((s) => ({ name: s.name, failed: failedRequests(s.phases.find((p) => p.name === 'baseline') ?? zero) }));
  const baseFailed = baseline.reduce((n, s) => n + s.failed, 0);
  if (baseFailed > 0) {
    const split = baseline
      .filter((s) => s.failed > 0)
      .map((s) => `${s.name} ${s.failed}`)
      .join(', ');
    reasons.push(
      `${baseFailed} request${baseFailed === 1 ? '' : 's'} failed in baseline (${split}): the app or the Service's data path to it was failing before the disruption, so the disruption's losses cannot be told apart`,
    );
  }
  const client: Record<string, number> = {};
  for (const s of streams)
    for (const p of s.phases) {
      for (const [code, n] of Object.entries(p.errorsByCode))
        if (CLIENT_ERROR_CODES.has(code.toUpperCase())) client[code] = (client[code] ?? 0) + n;
    }
  const clientCount = Object.values(client).reduce((a, b) => a + b, 0);
  if (clientCount > 0)
    reasons.push(
      `${clientCount} client-side error${clientCount === 1 ? '' : 's'} (${codeList(client)}): the load machine failed, not the app`,
    );
  for (const e of events) {
    const c = e.kind === 'control' ? parseControlHealth(e.detail) : undefined;
    if (c && c.failed > 0) {
      reasons.push(
        `control backend: ${c.failed} of ${c.requests} control request${c.requests === 1 ? '' : 's'} failed in ${c.phase} (${codeList(c.codes)}): ` +
          'the harness or network failed, not the app',
      );
    }
    const h = e.kind === 'load-health' ? parseLoadHealth(e.detail) : undefined;
    if (!h) continue;
    const who = h.loader ? `load pod ${h.loader}` : 'load process';
    if (h.loopDelayP99Ms > LOOP_DELAY_BOUND_MS) {
      reasons.push(`${who} event-loop delay p99 ${num(h.loopDelayP99Ms)} ms in ${h.phase} (bound ${LOOP_DELAY_BOUND_MS} ms)`);
    }
    const stall = Math.max(h.loopDelayMaxMs, h.sendLagMaxMs ?? 0);
    if (h.stallBoundMs !== undefined && stall >= h.stallBoundMs) {
      reasons.push(
        `${who} stalled in ${h.phase}: event-loop delay max ${num(h.loopDelayMaxMs)} ms, send lag max ${num(h.sendLagMaxMs ?? 0)} ms ` +
          `(bound ${h.stallBoundMs} ms, ${STALL_FRACTION * 100} % of the request timeout): answers and timeouts were read late, the harness's trouble and not the app's`,
      );
    }
  }
  return { valid: reasons.length === 0, reasons };
}
