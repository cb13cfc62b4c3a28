import { ZerodropError } from '../errors/index.ts';
import type { ComparedReport, Comparison, ComparisonCheck, ReportModel, ScenarioComparison, ScenarioReport } from '../metrics/index.ts';
import { displayPath } from '../util/index.ts';
import { phaseDeltas } from './phase-deltas.ts';
import type { LoadedReport } from './read-report.ts';
import { type BaseEntry, scenarioChecks } from './scenario-checks.ts';
import { thresholdChecks } from './threshold-checks.ts';

/** Scenarios are matched by name and disruption: one scenario can run with rollout, delete or drain. */
const keyOf = (s: Pick<ScenarioReport, 'name' | 'disruption'>) => `${s.name}\u0000${s.disruption}`;
const described = (r: LoadedReport): ComparedReport => ({ file: r.file, runId: r.model.runId, startedAt: r.model.startedAt });

/**
 * The new report against its base (one report, or a history of them, oldest first): per scenario
 * (name and disruption) the figures per stream and phase against the latest base report that has
 * it, and the checks (scenario-checks.ts). In a history, a copy of the new report itself (same
 * runId) is left out; a report compared with itself alone shows no change.
 */
export function compareReports(base: readonly LoadedReport[], next: LoadedReport): Comparison {
  if (!base.length) throw new ZerodropError('no base report to compare with');
  const others = base.filter((r) => r.model.runId !== next.model.runId);
  const earlier = others.length ? others : base;
  const scenarios: ScenarioComparison[] = next.model.scenarios.map((s) => compareScenario(entriesOf(earlier, s), s));
  const latest = earlier[earlier.length - 1].model;
  const seen = new Set(next.model.scenarios.map(keyOf));
  for (const s of latest.scenarios.filter((b) => !seen.has(keyOf(b)))) {
    scenarios.push({
      name: s.name,
      disruption: s.disruption,
      presence: 'removed',
      baseVerdict: s.verdict,
      baseRuns: s.runs.length,
      newRuns: 0,
      history: [],
      phases: [],
      checks: [],
      regressed: false,
    });
  }
  return { base: earlier.map(described), new: described(next), scenarios, regressed: scenarios.some((s) => s.regressed) };
}

function entriesOf(reports: readonly LoadedReport[], s: ScenarioReport): BaseEntry[] {
  const key = keyOf(s);
  return reports.flatMap((r) => r.model.scenarios.filter((b) => keyOf(b) === key).map((b) => ({ runId: r.model.runId, scenario: b })));
}

function compareScenario(entries: BaseEntry[], s: ScenarioReport): ScenarioComparison {
  const common = { name: s.name, disruption: s.disruption, newVerdict: s.verdict, newRuns: s.runs.length };
  const crossed = thresholdChecks(s);
  if (!entries.length)
    return { ...common, presence: 'added', baseRuns: 0, history: [], phases: [], checks: crossed, regressed: crossed.length > 0 };
  const latest = entries[entries.length - 1].scenario;
  const { checks: own, history } = scenarioChecks(entries, s);
  const checks = [...own, ...crossed];
  return {
    ...common,
    presence: 'both',
    baseVerdict: latest.verdict,
    baseRuns: latest.runs.length,
    history,
    phases: phaseDeltas(latest, s),
    checks,
    regressed: checks.some((c) => !c.passed),
  };
}

/** The failed checks, of one scenario (name and disruption) or of all. */
export function failedChecks(c: Comparison | undefined, s?: Pick<ScenarioReport, 'name' | 'disruption'>): ComparisonCheck[] {
  if (!c) return [];
  return c.scenarios.filter((x) => !s || keyOf(x) === keyOf(s)).flatMap((x) => x.checks.filter((k) => !k.passed));
}

/** `run --baseline PATH`: compares a run's report (to be written to `file`) with the base read before the run started. */
export function compareWithBase(base: readonly LoadedReport[]): (model: ReportModel, file: string) => Comparison {
  return (model, file) => compareReports(base, { file: displayPath(file), model });
}
