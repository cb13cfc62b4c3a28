import type { ReportModel, ScenarioReport } from '../../metrics/index.ts';
import { FAILURE_OUTCOMES, HARNESS_OUTCOMES, OUTCOMES, type Outcome, type PhaseStats, type StreamStats } from '../../metrics/index.ts';
import { fmtMs, fmtPct, fmtRate, fmtSeconds, OUTCOME_LABEL, phaseOf } from '../../render/index.ts';
import { PHASES } from '../../timeline/index.ts';

/** One per-phase column of the summary tables (console, Markdown, HTML comparison). */
export interface PhaseColumn {
  short: string;
  long: string;
  /** What the column counts (legend, tooltip). */
  title: string;
  /** Counts failures: highlighted when not zero. */
  failure: boolean;
  value(p: PhaseStats): string;
}

/** Failure columns always shown; the other outcomes get a column only where some phase has them. */
const ALWAYS: readonly Outcome[] = ['http5xx', 'reset', 'refused', 'timeout'];

const TITLES: Partial<Record<Outcome, string>> = {
  http4xx: '4xx answers whose status also occurred in the baseline (not failures)',
  http4xxFailed: 'failed 4xx answers: 408, 425, 429, or a status not seen in the baseline (unexpected-4xx)',
  http5xx: 'HTTP 5xx answers',
  reset: 'connection resets',
  refused: 'connections refused',
  timeout: 'requests timed out (connect or answer)',
  malformed: 'malformed responses (HPE_ codes)',
  other: 'other errors',
  dropped: 'slots not sent (no free connection)',
  client: 'client-side errors (EMFILE, EADDRNOTAVAIL, ...)',
};

const allPhases = (m: ReportModel) => m.scenarios.flatMap((s) => [...s.phases, ...s.streams.flatMap((st) => st.phases)]);

/**
 * The per-phase columns for this model: requests, failures by outcome, error %, p99 and
 * disruption seconds. `dropped: false` leaves out the dropped slots (the console shows them
 * on its per-stream load line).
 */
export function phaseColumns(m: ReportModel, opts: { dropped?: boolean } = {}): PhaseColumn[] {
  const phases = allPhases(m);
  const outcomes = [...FAILURE_OUTCOMES, ...HARNESS_OUTCOMES].filter(
    (o) => ALWAYS.includes(o) || (phases.some((p) => p[o] > 0) && (o !== 'dropped' || opts.dropped !== false)),
  );
  return [
    { short: 'req', long: 'req', title: 'requests that ended in the phase', failure: false, value: (p) => String(p.requests) },
    ...outcomes.map((o) => ({
      short: OUTCOME_LABEL[o].short,
      long: OUTCOME_LABEL[o].long,
      title: TITLES[o] ?? o,
      failure: true,
      value: (p: PhaseStats) => String(p[o]),
    })),
    { short: 'err%', long: 'err %', title: 'failed / requests x 100', failure: true, value: (p) => fmtPct(p.errorPct) },
    {
      short: 'p99',
      long: 'p99 ms',
      title: '99th percentile latency from the intended send time (send lag + service time), ms',
      failure: false,
      value: (p) => fmtMs(p.p99Ms),
    },
    {
      short: 'dis s',
      long: 'dis s',
      title: 'disruption seconds: time covered by failed requests',
      failure: true,
      value: (p) => fmtSeconds(p.disruptionSeconds),
    },
  ];
}

/** "req requests, 5xx HTTP 5xx answers, ..." for the columns shown. */
export function columnLegend(cols: readonly PhaseColumn[], short = true): string {
  return cols.map((c) => `${short ? c.short : c.long} ${c.title}`).join(', ');
}

/** A row of a summary table: one scenario, one stream. */
export interface StreamRow {
  scenario: ScenarioReport;
  /** 'keep-alive', 'new-connection', or 'all' for a report without streams. */
  stream: string;
  phases: readonly PhaseStats[];
  /** First row of its scenario. */
  first: boolean;
  /** Rows of its scenario. */
  span: number;
}

export function streamRows(m: ReportModel): StreamRow[] {
  return m.scenarios.flatMap((s) => {
    const list: { name: string; phases: readonly PhaseStats[] }[] = s.streams.length ? s.streams : [{ name: 'all', phases: s.phases }];
    return list.map((st, i) => ({ scenario: s, stream: st.name, phases: st.phases, first: i === 0, span: list.length }));
  });
}

/** The row's cells, phase by phase in PHASES order ('-' for a phase with no data). */
export function rowCells(cols: readonly PhaseColumn[], phases: readonly PhaseStats[]): string[] {
  return PHASES.flatMap((n) => {
    const p = phaseOf(phases, n);
    return cols.map((c) => (p ? c.value(p) : '-'));
  });
}

/** "keep-alive 25/25 0, 10.0/250 1200, 25/25 0; new-connection ...": per stream and phase achieved/target req/s and dropped slots. */
export function loadLine(streams: readonly StreamStats[]): string {
  return streams
    .map((st) => `${st.name} ${st.phases.map((p) => `${fmtRate(p.achievedRate)}/${fmtRate(p.targetRate)} ${p.dropped}`).join(', ')}`)
    .join('; ');
}

/** "new-connection disruption 1240 ms", '' when no phase of any stream had an outage. */
export function outageLine(streams: readonly StreamStats[]): string {
  return streams
    .flatMap((st) => st.phases.filter((p) => p.longestOutageMs > 0).map((p) => `${st.name} ${p.name} ${fmtMs(p.longestOutageMs)} ms`))
    .join(', ');
}

/** Header of the full per-phase tables (Markdown, HTML): every figure of PhaseStats. */
export const DETAIL_HEAD = [
  'target req/s',
  'achieved req/s',
  'target requests',
  'sent',
  'requests',
  ...OUTCOMES.map((o) => OUTCOME_LABEL[o].long),
  'error %',
  'p50 ms',
  'p99 ms',
  'max ms',
  'service p99 ms',
  'new conns',
  'reused conns',
  'disruption s',
  'longest outage ms',
  'error codes',
];

const codes = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');

/** The cells under DETAIL_HEAD for one phase; the 5xx cell adds its codes, e.g. "3 (502: 3)". */
export function detailCells(p: PhaseStats): string[] {
  const byCode = codes(p.http5xxByCode);
  return [
    fmtRate(p.targetRate),
    fmtRate(p.achievedRate),
    String(p.targetRequests),
    String(p.sent),
    String(p.requests),
    ...OUTCOMES.map((o) => (o === 'http5xx' && byCode ? `${p[o]} (${byCode})` : String(p[o]))),
    fmtPct(p.errorPct),
    fmtMs(p.p50Ms),
    fmtMs(p.p99Ms),
    fmtMs(p.maxMs),
    p.serviceP99Ms === undefined ? '-' : fmtMs(p.serviceP99Ms),
    String(p.newConnections),
    String(p.reusedConnections),
    fmtSeconds(p.disruptionSeconds),
    fmtMs(p.longestOutageMs),
    codes(p.errorsByCode) || '-',
  ];
}

/** Index in DETAIL_HEAD of the columns that count failures (highlighted when not zero). */
export const DETAIL_FAILURE_COLUMNS: ReadonlySet<number> = new Set(
  DETAIL_HEAD.map((h, i) => [h, i] as const)
    .filter(
      ([h]) =>
        [...FAILURE_OUTCOMES, ...HARNESS_OUTCOMES].some((o) => OUTCOME_LABEL[o].long === h) ||
        h === 'error %' ||
        h === 'disruption s' ||
        h === 'longest outage ms',
    )
    .map(([, i]) => i),
);

/** Rows (stream, phase, ...detail cells) for each stream of a scenario or run, then both streams together (when two). */
export function detailRows(streams: readonly StreamStats[], both: readonly PhaseStats[]): string[][] {
  return [
    ...streams.flatMap((st) => st.phases.map((p) => [st.name, p.name, ...detailCells(p)])),
    ...(streams.length === 1 ? [] : both.map((p) => [streams.length ? 'both' : 'all', p.name, ...detailCells(p)])),
  ];
}
