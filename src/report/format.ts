import type { PhaseStats } from '../metrics/types.ts';
import { PHASES, type PhaseName } from '../timeline/types.ts';
import type { ReportModel, ScenarioReport } from './model.ts';

/** Per-phase columns shared by the console and markdown tables. */
export const PHASE_COLUMNS = ['req', '5xx', 'reset', 'refused', 'timeout', 'err %', 'p99 ms'] as const;
/** Short labels for the console, where 21 phase columns must fit a terminal. */
export const SHORT_PHASE_COLUMNS = ['req', '5xx', 'rst', 'ref', 't/o', 'err%', 'p99'] as const;
export const SHORT_LEGEND = 'req requests, 5xx HTTP 5xx, rst connection resets, ref refused, t/o timeouts, err% failed/requests, p99 latency in ms';

export function fmtMs(ms: number): string {
  return ms >= 100 ? String(Math.round(ms)) : ms.toFixed(1);
}

export function fmtPct(pct: number): string {
  return pct === 0 ? '0' : pct < 0.1 ? '<0.1' : pct.toFixed(1);
}

export function phaseOf(s: ScenarioReport, name: PhaseName): PhaseStats | undefined {
  return s.phases.find((p) => p.name === name);
}

/** The seven per-phase cells, in PHASE_COLUMNS order ('-' for a phase with no data). */
export function phaseCells(p: PhaseStats | undefined): string[] {
  if (!p) return PHASE_COLUMNS.map(() => '-');
  return [String(p.requests), String(p.http5xx), String(p.reset), String(p.refused), String(p.timeout), fmtPct(p.errorPct), fmtMs(p.p99Ms)];
}

export function scenarioPhaseCells(s: ScenarioReport): string[] {
  return PHASES.flatMap((n) => phaseCells(phaseOf(s, n)));
}

/** e.g. "lossy ✓ (expected lossy)", "lossy ✓ (expected lossy) 5/5 runs", "lossless ✗ (expected lossy) FLAKY 2/5 lossy". */
export function verdictCell(s: ScenarioReport): string {
  const mark = s.met ? '✓' : '✗';
  let text = `${s.verdict} ${mark} (expected ${s.expected})`;
  const lossy = s.runs.filter((r) => r.verdict === 'lossy').length;
  if (s.flaky) text += ` FLAKY ${lossy}/${s.runs.length} lossy`;
  else if (s.runs.length > 1) text += ` ${s.runs.length}/${s.runs.length} runs`;
  return text;
}

/** "provider local (emulated), 3 scenarios, rate 50/s over 10 connections". */
export function headerLine(m: ReportModel): string {
  const provider = m.emulated ? `provider ${m.provider} (emulated)` : `provider ${m.provider}`;
  const n = m.scenarios.length;
  return `zerodrop ${m.runId}: ${provider}, ${n} scenario${n === 1 ? '' : 's'}, ` +
    `load ${m.load.rate} req/s over ${m.load.connections} connections, timeout ${m.load.timeoutMs} ms`;
}

/** Notes of the report, with the emulation caveat first when emulated. */
export function reportNotes(m: ReportModel): string[] {
  const notes = [...m.notes];
  if (m.emulated && !notes.some((n) => /emulated/i.test(n))) {
    notes.unshift('emulated: pods, probes and the Service run on an embedded runtime, not on a Kubernetes cluster');
  }
  return notes;
}
