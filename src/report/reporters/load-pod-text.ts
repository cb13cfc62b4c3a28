import type { LoadPodReport, ScenarioReport, ScenarioRun } from '../../metrics/index.ts';
import { failedRequests } from '../../metrics/index.ts';
import { fmtMs, fmtRate, phaseOf } from '../../render/index.ts';
import { PHASES } from '../../timeline/index.ts';

/** One load pod of one run, as the text reporters show it. */
export interface LoadPodRow {
  run: number;
  pod: string;
  node: string;
  rate: string;
  /** Per phase (baseline, disruption, recovery): "requests/failed". */
  phases: string[];
  /** Failed requests over the judged phases (disruption, recovery). */
  failed: number;
  missing: string;
  clock: string;
}

const signed = (v: number) => `${v >= 0 ? '+' : ''}${fmtMs(v)}`;

/** "+0.4/+0.2 ±5.5 ms": the pod's clock offset at start and end and its bound. */
export function clockText(c: LoadPodReport['clock']): string {
  if (c.startOffsetMs === undefined && c.endOffsetMs === undefined) return 'not measured';
  const at = (v: number | undefined) => (v === undefined ? '?' : signed(v));
  return `${at(c.startOffsetMs)}/${at(c.endOffsetMs)} ±${c.uncertaintyMs === undefined ? '?' : fmtMs(c.uncertaintyMs)} ms`;
}

export const LOAD_POD_HEAD = [
  'run',
  'load pod',
  'node',
  'req/s',
  ...PHASES.map((p) => `${p} req/failed`),
  'missing slots',
  'clock offset start/end',
];

/** Every load pod of these runs (none for host load). */
export function loadPodRows(runs: readonly ScenarioRun[]): LoadPodRow[] {
  return runs.flatMap((r) =>
    (r.loadPods ?? []).map((p) => ({
      run: r.iteration,
      pod: p.name,
      node: p.node,
      rate: fmtRate(p.rate),
      phases: PHASES.map((n) => {
        const ph = phaseOf(p.phases, n);
        return ph ? `${ph.requests}/${failedRequests(ph)}` : '-';
      }),
      failed: p.phases.filter((ph) => ph.name !== 'baseline').reduce((n, ph) => n + failedRequests(ph), 0),
      missing: p.missing ? `${p.missing} of ${p.slots}${p.restarts ? ` (${p.restarts} restarts)` : ''}` : '0',
      clock: clockText(p.clock),
    })),
  );
}

/** The cells of a row under LOAD_POD_HEAD. */
export function loadPodCells(r: LoadPodRow): string[] {
  return [`#${r.run}`, r.pod, r.node, r.rate, ...r.phases, r.missing, r.clock];
}

/** Console lines: one per load pod, under a heading naming the columns. */
export function loadPodLines(s: ScenarioReport): string[] {
  const rows = loadPodRows(s.runs);
  if (!rows.length) return [];
  const multi = s.runs.length > 1;
  return [
    `  load pods (requests/failed per phase ${PHASES.join(', ')}; missing slots; clock offset start/end):`,
    ...rows.map(
      (r) =>
        `    ${multi ? `#${r.run} ` : ''}${r.pod} on ${r.node} at ${r.rate} req/s: ${r.phases.join(', ')}; missing ${r.missing}; clock ${r.clock}${r.failed ? `; ${r.failed} failed in disruption and recovery` : ''}`,
    ),
  ];
}
