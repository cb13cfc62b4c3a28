import type { RequestRecord } from '../load/index.ts';
import type { PhaseName } from '../timeline/index.ts';
import { httpStatus, isFailure } from './classify.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import { SpanSet } from './span-set.ts';
import { FAILURE_OUTCOMES, OUTCOMES, type Outcome, type PhaseStats } from './types.ts';

/**
 * The counts of one phase, for one stream or several, over one run or several. Fed record by
 * record; keeps only the latencies in HDR histograms (of answered requests from the intended send time, their service time, and failed requests' times apart) and the failed requests' intervals
 * (merged as they come, span-set.ts: as many as the outages, not the failures) until closeRun()
 * folds them into disruption time. Every figure it gives is exact: ratios and times are not
 * rounded (thresholds and verdicts judge them as measured; reporters round for display).
 */
export class PhaseCounter {
  private requests = 0;
  private sent = 0;
  private readonly counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  private readonly http5xxByCode: Record<string, number> = {};
  private readonly http4xxFailedByCode: Record<string, number> = {};
  private readonly errorsByCode: Record<string, number> = {};
  private newConnections = 0;
  private reusedConnections = 0;
  /** Answered requests that did not fail: latency from the intended send time (lag + ms). */
  private readonly latencies = new LatencyHistogram();
  /** The same requests' service time (ms, from the actual send). */
  private readonly service = new LatencyHistogram();
  /** Failed requests' time from the intended send time to the failure, apart. */
  private readonly failedTimes = new LatencyHistogram();
  private targetRequests = 0;
  private durationMs = 0;
  /** Integral of the target rate over the phase's duration (req/s x ms). */
  private rateMs = 0;
  private rate = 0;
  private readonly spans = new SpanSet();
  private outageMs = 0;
  private longestMs = 0;

  /** Declares the phase's length and the target rate of the stream over it (once per run). */
  setWindow(durationMs: number, rate: number): void {
    const d = Math.max(0, durationMs);
    this.durationMs += d;
    this.rateMs += rate * d;
    this.rate = Math.max(this.rate, rate);
    this.targetRequests += Math.round((rate * d) / 1000);
  }

  /** Counts one request sent during this phase (by send time). */
  addSent(): void {
    this.sent++;
  }

  /** Counts one slot; a failure covers [t, max(end, t + slotMs)]: at least one slot of its stream. */
  add(r: RequestRecord, outcome: Outcome, slotMs: number): void {
    this.counts[outcome]++;
    if (typeof r.code === 'string' && httpStatus(r.code) === undefined) this.errorsByCode[r.code] = (this.errorsByCode[r.code] ?? 0) + 1;
    if (outcome === 'dropped') return;
    this.requests++;
    const failed = isFailure(outcome);
    if (failed) this.failedTimes.record(r.ms + (r.lag ?? 0));
    else {
      this.latencies.record(r.ms + (r.lag ?? 0));
      this.service.record(r.ms);
    }
    if (outcome === 'http5xx') this.http5xxByCode[String(r.code)] = (this.http5xxByCode[String(r.code)] ?? 0) + 1;
    if (outcome === 'http4xxFailed') this.http4xxFailedByCode[String(r.code)] = (this.http4xxFailedByCode[String(r.code)] ?? 0) + 1;
    if (r.fresh) this.newConnections++;
    else this.reusedConnections++;
    if (failed) this.spans.add(r.t, Math.max(r.t + r.ms, r.t + slotMs));
  }

  /**
   * Adds another counter's figures. `concurrent`: it measured the same time (another stream of
   * the same run: rates add, and its open intervals join this union); else a later run (time adds).
   */
  absorb(o: PhaseCounter, concurrent: boolean): void {
    this.requests += o.requests;
    this.sent += o.sent;
    for (const k of OUTCOMES) this.counts[k] += o.counts[k];
    addAll(this.http5xxByCode, o.http5xxByCode);
    addAll(this.http4xxFailedByCode, o.http4xxFailedByCode);
    addAll(this.errorsByCode, o.errorsByCode);
    this.newConnections += o.newConnections;
    this.reusedConnections += o.reusedConnections;
    this.latencies.add(o.latencies);
    this.service.add(o.service);
    this.failedTimes.add(o.failedTimes);
    this.targetRequests += o.targetRequests;
    this.rateMs += o.rateMs;
    this.durationMs = concurrent ? Math.max(this.durationMs, o.durationMs) : this.durationMs + o.durationMs;
    this.rate = concurrent ? this.rate + o.rate : Math.max(this.rate, o.rate);
    this.spans.addAll(o.spans);
    this.outageMs += o.outageMs;
    this.longestMs = Math.max(this.longestMs, o.longestMs);
  }

  /** Ends a run: its failed intervals are merged into disruption time (runs never share a union). */
  closeRun(): void {
    const c = this.spans.coverage();
    this.outageMs += c.totalMs;
    this.longestMs = Math.max(this.longestMs, c.longestMs);
    this.spans.clear();
  }

  stats(name: PhaseName): PhaseStats {
    const failed = FAILURE_OUTCOMES.reduce((n, o) => n + this.counts[o], 0);
    const open = this.spans.coverage();
    const seconds = this.durationMs / 1000;
    return {
      name,
      requests: this.requests,
      sent: this.sent,
      targetRequests: this.targetRequests,
      targetRate: this.durationMs > 0 ? this.rateMs / this.durationMs : this.rate,
      achievedRate: seconds > 0 ? this.sent / seconds : 0,
      ...this.counts,
      http5xxByCode: { ...this.http5xxByCode },
      http4xxFailedByCode: { ...this.http4xxFailedByCode },
      errorsByCode: { ...this.errorsByCode },
      errorPct: this.requests ? (failed / this.requests) * 100 : 0,
      p50Ms: this.latencies.percentile(50),
      p99Ms: this.latencies.percentile(99),
      maxMs: this.latencies.maxMs,
      serviceP99Ms: this.service.percentile(99),
      failedP99Ms: this.failedTimes.percentile(99),
      newConnections: this.newConnections,
      reusedConnections: this.reusedConnections,
      disruptionSeconds: (this.outageMs + open.totalMs) / 1000,
      longestOutageMs: Math.max(this.longestMs, open.longestMs),
    };
  }
}

function addAll(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}
