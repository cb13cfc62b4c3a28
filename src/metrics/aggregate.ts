import type { RequestRecord } from '../load/types.ts';
import type { Phases } from '../timeline/phases.ts';
import { PHASES, type PhaseName } from '../timeline/types.ts';
import { classify } from './classify.ts';
import { FAILURE_OUTCOMES, type Outcome, type PhaseStats } from './types.ts';

interface Acc { stats: PhaseStats; latencies: number[] }

function emptyStats(name: PhaseName): PhaseStats {
  return {
    name, requests: 0, ok: 0, http4xx: 0, http5xx: 0, http5xxByCode: {}, reset: 0, refused: 0,
    timeout: 0, other: 0, errorPct: 0, p50Ms: 0, p99Ms: 0, maxMs: 0, newConnections: 0, reusedConnections: 0,
  };
}

/** Nearest-rank percentile of sorted values (exact: always one of the values). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/**
 * Per-phase counts, assigned by request start time. Feed records from any number of runs
 * (each with its own phases) and read the totals with result(); latency stats are exact.
 */
export class PhaseAggregator {
  private readonly acc = new Map<PhaseName, Acc>(PHASES.map((n) => [n, { stats: emptyStats(n), latencies: [] }]));

  add(r: RequestRecord, phases: Phases): void {
    const name = phases.phaseOf(r.t);
    if (!name) return;
    const { stats: s, latencies } = this.acc.get(name)!;
    s.requests++;
    latencies.push(r.ms);
    const outcome = classify(r.code);
    s[outcome]++;
    if (outcome === 'http5xx') s.http5xxByCode[String(r.code)] = (s.http5xxByCode[String(r.code)] ?? 0) + 1;
    if (r.fresh) s.newConnections++;
    else s.reusedConnections++;
  }

  result(): PhaseStats[] {
    return PHASES.map((n) => {
      const { stats, latencies } = this.acc.get(n)!;
      const sorted = Float64Array.from(latencies).sort();
      const failed = failedRequests(stats);
      return {
        ...stats,
        http5xxByCode: { ...stats.http5xxByCode },
        errorPct: stats.requests ? Math.round((failed / stats.requests) * 10000) / 100 : 0,
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        maxMs: sorted.length ? sorted[sorted.length - 1] : 0,
      };
    });
  }
}

/** Stats per phase (baseline, disruption, recovery, in that order) for one run's records. */
export async function aggregateRecords(
  records: AsyncIterable<RequestRecord> | Iterable<RequestRecord>,
  phases: Phases,
): Promise<PhaseStats[]> {
  const agg = new PhaseAggregator();
  for await (const r of records) agg.add(r, phases);
  return agg.result();
}

/** Failed requests in a phase: 5xx, resets, refused, timeouts and other errors. */
export function failedRequests(p: Pick<PhaseStats, Outcome>): number {
  return FAILURE_OUTCOMES.reduce((n, o) => n + p[o], 0);
}
