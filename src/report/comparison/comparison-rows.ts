import { ExitCode } from '../../errors/index.ts';
import type { Comparison, ComparisonCheck, Figure, FigureDelta, ScenarioComparison } from '../../metrics/index.ts';
import { FIGURES } from '../../metrics/index.ts';
import { fmtMs, fmtRate, fmtSeconds, verdictLabel } from '../../render/index.ts';

/**
 * What every rendering of a comparison shows (console, Markdown, HTML), as plain strings: the
 * header line, the table (a row per scenario, stream and phase; each figure as `new (delta)`),
 * the checks, and the scenarios only one side has.
 */

export const FIGURE_LABEL: Record<Figure, string> = {
  failed: 'failed',
  disruptionSeconds: 'dis s',
  p99Ms: 'p99 ms',
  achievedRate: 'req/s',
};

export const TABLE_HEAD = ['scenario', 'stream', 'phase', ...FIGURES.map((f) => FIGURE_LABEL[f]), 'change', 'verdict'];

export const LEGEND =
  "Figures per run (a scenario's totals divided by its runs; p99 and req/s over all runs), " +
  'each as new (change from the latest base report); failed: failed requests, dis s: disruption seconds, p99 ms: 99th percentile latency, ' +
  'req/s: achieved rate. change: worse or better (p99 marked beyond 10 % and 1 ms, req/s beyond 5 %).';

const count = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));
const FORMAT: Record<Figure, (v: number) => string> = { failed: count, disruptionSeconds: fmtSeconds, p99Ms: fmtMs, achievedRate: fmtRate };

/** "12 (+12)", "0.25 (-0.10)", "14.2" when unchanged. */
export function figureCell(d: FigureDelta): string {
  const fmt = FORMAT[d.figure];
  if (d.delta === 0) return fmt(d.new);
  return `${fmt(d.new)} (${d.delta > 0 ? '+' : '-'}${fmt(Math.abs(d.delta))})`;
}

/** "worse: failed, dis s; better: p99 ms", '' when nothing moved. */
export function changeCell(figures: readonly FigureDelta[]): string {
  const of = (c: FigureDelta['change']) => figures.filter((f) => f.change === c).map((f) => FIGURE_LABEL[f.figure]);
  return [
    ['worse', of('worse')],
    ['better', of('better')],
  ]
    .filter(([, l]) => l.length)
    .map(([c, l]) => `${c}: ${(l as string[]).join(', ')}`)
    .join('; ');
}

export const scenarioLabel = (s: Pick<ScenarioComparison, 'name' | 'disruption'>) => `${s.name} (${s.disruption})`;

/**
 * The table's rows; `first` marks a scenario's first row (the name is shown there only), `worse`
 * the cells to highlight (a figure that got worse, and the change cell then).
 */
export function tableRows(c: Comparison): { first: boolean; cells: string[]; worse: boolean[] }[] {
  return c.scenarios
    .filter((s) => s.presence === 'both')
    .flatMap((s) =>
      s.phases.map((p, i) => {
        const worse = p.figures.map((f) => f.change === 'worse');
        return {
          first: i === 0,
          worse: [false, false, false, ...worse, worse.some(Boolean), false],
          cells: [
            i === 0 ? scenarioLabel(s) : '',
            p.stream,
            p.phase,
            ...p.figures.map(figureCell),
            changeCell(p.figures),
            i === 0 ? verdictChange(s) : '',
          ],
        };
      }),
    );
}

/** "against base/report.json (run r1)" or "against 6 earlier reports, latest r6 (history/r6/report.json)". */
export function headerLine(c: Comparison): string {
  const latest = c.base[c.base.length - 1];
  const base =
    c.base.length === 1
      ? `${latest.file} (run ${latest.runId})`
      : `${c.base.length} earlier reports, latest ${latest.file} (run ${latest.runId})`;
  return `zerodrop compare: ${c.new.file} (run ${c.new.runId}) against ${base}`;
}

/** "lossless → lossy" per scenario compared. */
export const verdictChange = (s: ScenarioComparison) =>
  `${s.baseVerdict ? verdictLabel(s.baseVerdict) : '-'} → ${s.newVerdict ? verdictLabel(s.newVerdict) : '-'}`;

export const checkLine = (k: ComparisonCheck) => `${k.passed ? 'ok  ' : 'FAIL'} ${k.message}`;

/** Scenarios only one side has, one line each ('' lines left out). */
export function presenceLines(c: Comparison): string[] {
  const names = (p: ScenarioComparison['presence']) => c.scenarios.filter((s) => s.presence === p).map(scenarioLabel);
  const added = names('added');
  const removed = names('removed');
  return [
    ...(added.length ? [`Not in the base (not compared): ${added.join(', ')}`] : []),
    ...(removed.length ? [`In the base, not in the new report: ${removed.join(', ')}`] : []),
  ];
}

/** "9 scenarios compared, 1 regressed (prestop-sleep (rollout)): exit 1". */
export function summaryLine(c: Comparison): string {
  const compared = c.scenarios.filter((s) => s.presence === 'both').length;
  const regressed = c.scenarios.filter((s) => s.regressed);
  const what = regressed.length ? `${regressed.length} regressed (${regressed.map(scenarioLabel).join(', ')})` : 'no regression';
  return `${compared} scenario${compared === 1 ? '' : 's'} compared, ${what}${regressed.length ? `: exit ${ExitCode.Regression}` : ''}`;
}
