import { ExitCode } from '../errors/index.ts';
import type { KeepAlivePool, StreamName } from '../load/index.ts';
import type { ReportModel, ScenarioReport, Verdict } from '../metrics/index.ts';
import {
  type EndpointLag,
  FAILURE_OUTCOMES,
  JUDGED_PHASES,
  type Outcome,
  type PhaseStats,
  type PodFailures,
  type StreamStats,
} from '../metrics/index.ts';
import type { PhaseName } from '../timeline/index.ts';
import { thresholdSummary } from './threshold-text.ts';

/**
 * Formatting shared by every reporter (numbers, labels, verdicts, summaries). Reporters import
 * this module (and reporters/markup.ts, reporters/columns.ts), never each other.
 */

/** How each outcome is named: a column label (short for the console), and in running text. */
export const OUTCOME_LABEL: Record<Outcome, { short: string; long: string; one: string; many: string }> = {
  ok: { short: 'ok', long: 'ok', one: 'ok', many: 'ok' },
  http4xx: {
    short: '4xx',
    long: '4xx (as in baseline)',
    one: 'HTTP 4xx also seen in the baseline',
    many: 'HTTP 4xx also seen in the baseline',
  },
  http4xxFailed: {
    short: '4xx!',
    long: '4xx failed',
    one: 'failed HTTP 4xx (408/425/429 or unexpected-4xx)',
    many: 'failed HTTP 4xx (408/425/429 or unexpected-4xx)',
  },
  http5xx: { short: '5xx', long: '5xx', one: 'HTTP 5xx', many: 'HTTP 5xx' },
  reset: { short: 'rst', long: 'reset', one: 'reset', many: 'resets' },
  refused: { short: 'ref', long: 'refused', one: 'refused', many: 'refused' },
  timeout: { short: 't/o', long: 'timeout', one: 'timeout', many: 'timeouts' },
  malformed: { short: 'mal', long: 'malformed', one: 'malformed response', many: 'malformed responses' },
  other: { short: 'oth', long: 'other', one: 'other error', many: 'other errors' },
  dropped: { short: 'drop', long: 'dropped', one: 'dropped slot', many: 'dropped slots' },
  client: { short: 'cli', long: 'client', one: 'client-side error', many: 'client-side errors' },
};

/** What each exit code of zerodrop means, for legends and footers. */
export const EXIT_CODES_TEXT =
  `Exit codes: ${ExitCode.Ok} every scenario met its expected verdict, ${ExitCode.VerdictMismatch} a scenario did not, ` +
  `${ExitCode.BadInput} bad input or a failed run, ${ExitCode.InvalidMeasurement} invalid measurement (a run could not be trusted), ${ExitCode.Interrupted} interrupted.`;

export const VERDICT_RULE =
  'A scenario is lossless when neither stream (keep-alive, new-connection) lost a request ' +
  '(5xx, reset, refused, timeout, malformed or other error; a 408, 425 or 429, or any 4xx status that did not occur in the ' +
  'baseline: unexpected-4xx) in its disruption and recovery phases; a request belongs to ' +
  'the phase in which it ended. INVALID means the measurement cannot be trusted (reasons listed), never lossless or lossy.';

export function fmtMs(ms: number): string {
  return ms === 0 ? '0' : ms >= 100 ? String(Math.round(ms)) : ms.toFixed(1);
}

export function fmtPct(pct: number): string {
  return pct === 0 ? '0' : pct < 0.1 ? '<0.1' : pct.toFixed(1);
}

/** Requests per second: "50", "49.8", "1234". */
export function fmtRate(rate: number): string {
  return Number.isInteger(rate) || rate >= 100 ? String(Math.round(rate)) : rate.toFixed(1);
}

/** Disruption seconds: "0", "0.25", "12.4". */
export function fmtSeconds(s: number): string {
  return s === 0 ? '0' : s >= 10 ? s.toFixed(1) : s.toFixed(2);
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function phaseOf(phases: readonly PhaseStats[] | undefined, name: PhaseName): PhaseStats | undefined {
  return phases?.find((p) => p.name === name);
}

export function streamOf(streams: readonly StreamStats[] | undefined, name: StreamName): StreamStats | undefined {
  return streams?.find((s) => s.name === name);
}

export const verdictLabel = (v: Verdict) => (v === 'invalid' ? 'INVALID' : v);

/** e.g. "lossy ✓ (expected lossy)", "lossy ✓ (expected lossy) 5/5 runs", "INVALID ✗ (expected lossless)", "lossless ✗ (expected lossless), thresholds 2/3 ✗". */
export function verdictCell(s: ScenarioReport): string {
  let text = `${verdictLabel(s.verdict)} ${s.met ? '✓' : '✗'} (expected ${s.expected})`;
  const lossy = s.runs.filter((r) => r.verdict === 'lossy').length;
  if (s.flaky) text += ` FLAKY ${lossy}/${s.runs.length} lossy`;
  else if (s.runs.length > 1) text += ` ${s.runs.length}/${s.runs.length} runs`;
  const thresholds = thresholdSummary(s);
  return thresholds ? `${text}, ${thresholds}` : text;
}

/** "keep-alive pool lifo (most recently used first), idle closed after 2000 ms". */
export function poolText(p: KeepAlivePool): string {
  const order = p.order === 'lifo' ? 'most recently used first' : 'least recently used first';
  const idle = p.idleCloseMs > 0 ? `idle closed after ${p.idleCloseMs} ms` : 'idle never closed by zerodrop';
  return `keep-alive pool ${p.order} (${order}), ${idle}`;
}

/** "provider local (emulated), 3 scenarios, load 50 req/s (keep-alive 25, new-connection 25), at most 64 connections, timeout 2000 ms". */
export function headerLine(m: ReportModel): string {
  const provider = m.emulated ? `provider ${m.provider} (emulated)` : `provider ${m.provider}`;
  const n = m.scenarios.length;
  const streams = m.load.streams.map((s) => `${s.name} ${fmtRate(s.rate)}`).join(', ');
  return (
    `zerodrop ${m.runId}: ${provider}, ${n} scenario${n === 1 ? '' : 's'}, load ${fmtRate(m.load.rate)} req/s` +
    `${streams ? ` (${streams})` : ''}, at most ${m.load.maxConnections} connections, timeout ${m.load.timeoutMs} ms` +
    (m.load.pool ? `, ${poolText(m.load.pool)}` : '')
  );
}

/** Notes of the report, with the emulation caveat first when emulated. */
export function reportNotes(m: ReportModel): string[] {
  const notes = [...m.notes];
  if (m.emulated && !notes.some((n) => /emulated/i.test(n))) {
    notes.unshift('emulated: pods, probes and the Service run on an embedded runtime, not on a Kubernetes cluster');
  }
  return notes;
}

/** "7 resets, 2 refused" for one phase, '' when nothing failed; failed 4xx name their statuses ("3 failed HTTP 4xx (...): 429 x3"). */
export function failureCounts(p: PhaseStats): string {
  return FAILURE_OUTCOMES.filter((o) => p[o] > 0)
    .map((o) => plural(p[o], OUTCOME_LABEL[o].one, OUTCOME_LABEL[o].many) + (o === 'http4xxFailed' ? failed4xxCodes(p) : ''))
    .join(', ');
}

/** ": 429 x3, 403 x1" from a phase's failed 4xx by status ('' in reports written before the 4xx rule). */
function failed4xxCodes(p: PhaseStats): string {
  const codes = Object.entries(p.http4xxFailedByCode ?? {});
  return codes.length ? `: ${codes.map(([c, n]) => `${c} x${n}`).join(', ')}` : '';
}

const judged = (phases: readonly PhaseStats[]) => phases.filter((p) => (JUDGED_PHASES as readonly string[]).includes(p.name));

/** "7 resets, 2 refused in disruption; 1 timeout in recovery", '' when nothing failed there. */
export function judgedFailures(phases: readonly PhaseStats[]): string {
  return judged(phases)
    .map((p) => [failureCounts(p), p.name])
    .filter(([c]) => c)
    .map(([c, n]) => `${c} in ${n}`)
    .join('; ');
}

/** Per stream: "new-connection: 7 refused in disruption", or "no failed request in disruption or recovery". */
export function failureSummary(streams: readonly StreamStats[], phases: readonly PhaseStats[] = []): string {
  const parts = streams
    .map((s) => [s.name, judgedFailures(s.phases)])
    .filter(([, t]) => t)
    .map(([n, t]) => `${n}: ${t}`);
  if (!streams.length && judgedFailures(phases)) parts.push(judgedFailures(phases));
  return parts.length ? parts.join('; ') : `no failed request in ${JUDGED_PHASES.join(' or ')}`;
}

/** "10 reset, 2 refused (new-connection 12)". */
export function podFailureText(f: PodFailures): string {
  const outcomes = Object.entries(f.byOutcome)
    .filter(([, n]) => n)
    .map(([o, n]) => `${n} ${OUTCOME_LABEL[o as Outcome].long}`);
  const streams = Object.entries(f.byStream)
    .filter(([, n]) => n)
    .map(([s, n]) => `${s} ${n}`);
  return `${outcomes.join(', ') || 'no outcome recorded'}${streams.length ? ` (${streams.join(', ')})` : ''}`;
}

export const podLabel = (pod: string) => pod || '(pod unknown)';

/** "control plane: endpoint removed 1012 ms after deletion; data path: last new connection 980 ms after deletion". */
export function lagText(l: EndpointLag): string {
  const cp = l.lagMs === undefined ? 'endpoint removal not observed' : `endpoint removed ${fmtMs(l.lagMs)} ms after deletion`;
  const dp =
    l.dataPathLagMs === undefined
      ? 'no new connection reached it after deletion'
      : `last new connection ${fmtMs(l.dataPathLagMs)} ms after deletion`;
  return `control plane: ${cp}; data path: ${dp}`;
}
