import type { ScenarioReport, ScenarioRun } from '../../../metrics/index.ts';
import { thresholdText } from '../../../metrics/index.ts';
import {
  attrs,
  CAUSE_COLOUR,
  DIAGNOSIS_NOTE,
  diagnosisRows,
  escapeMarkup as esc,
  failureSummary,
  fmtMs,
  podFailureText,
  podLabel,
  timelineLegend,
  UNSOLICITED_NOTE,
  unsolicitedText,
  verdictCell,
  verdictLabel,
} from '../../../render/index.ts';
import { detailTable, verdictClass } from './comparison-table.ts';
import { loadPodTable } from './load-pod-lanes.ts';
import { timelineSvg } from './timeline-svg.ts';

const simpleTable = (cls: string, head: string[], rows: string[][]) =>
  `<div class="table-wrap"><table${attrs({ class: `cmp ${cls}` })}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>` +
  `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td${/^[\d.]+$/.test(c) ? '' : ' class="stream"'}>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;

/** Failed requests per pod they were sent to: pod, failed, by outcome and stream. */
function podTable(run: ScenarioRun): string {
  const rows = run.failuresByPod.map((f) => [podLabel(f.pod), String(f.failed), podFailureText(f)]);
  return rows.length ? `<h4>Failures per pod</h4>${simpleTable('pods', ['pod', 'failed', 'by outcome (by stream)'], rows)}` : '';
}

/** Per terminated pod: control-plane lag (deletion to endpoint removed) and data-path lag (deletion to its last new connection). */
function lagTable(run: ScenarioRun): string {
  const ms = (v: number | undefined, none: string) => (v === undefined ? none : fmtMs(v));
  const rows = run.endpointLags.map((l) => [l.pod, ms(l.lagMs, 'not observed'), ms(l.dataPathLagMs, 'none after deletion')]);
  return rows.length
    ? `<h4>Terminated pods: control-plane and data-path lag</h4>${simpleTable('lags', ['pod', 'control-plane lag ms (deletion to endpoint removed)', 'data-path lag ms (deletion to last new connection answered)'], rows)}`
    : '';
}

/** Why requests were lost: per cause its count, evidence (pod, times, reason) and fix. */
function diagnosisTable(s: ScenarioReport): string {
  const rows = diagnosisRows(s);
  const head = `<h3>Diagnosis</h3><p class="muted">${esc(DIAGNOSIS_NOTE)}</p>`;
  if (!rows.length) return `${head}<p>no failed request to diagnose</p>`;
  const tr = rows.map(
    (d) =>
      `<tr${attrs({ 'data-cause': d.cause })}><td${attrs({ class: 'cause', style: `--cause:${CAUSE_COLOUR[d.cause]}`, title: d.meaning })}>${esc(d.cause)}</td>` +
      `<td class="count">${esc(d.count)}</td><td><ul>${d.evidence.map((e) => `<li>${esc(e)}</li>`).join('')}</ul></td><td>${esc(d.fix)}</td></tr>`,
  );
  return (
    `${head}<div class="table-wrap"><table class="cmp diagnosis"><thead><tr><th>cause</th><th>count</th><th>evidence (pod, times since baseline start, reason)</th><th>fix</th></tr></thead>` +
    `<tbody>${tr.join('')}</tbody></table></div>`
  );
}

/** Each threshold with ✓ or ✗ and the observed value (failed ones first). */
function thresholdList(s: ScenarioReport): string {
  const results = [...(s.thresholds ?? [])].sort((a, b) => Number(a.ok) - Number(b.ok));
  if (!results.length) return '';
  const li = results.map((t) => `<li${attrs({ class: t.ok ? 'threshold ok' : 'threshold failed' })}>${esc(thresholdText(t))}</li>`);
  return `<h3>Thresholds</h3><ul class="thresholds">${li.join('')}</ul>`;
}

function invalidBox(reasons: readonly string[], what: string): string {
  const list = reasons.length ? reasons : ['no reason recorded'];
  return `<div class="invalid-box"><strong>INVALID measurement</strong>: ${esc(what)} cannot be trusted.<ul>${list.map((r) => `<li>${esc(r)}</li>`).join('')}</ul></div>`;
}

function runSection(s: ScenarioReport, run: ScenarioRun): string {
  const verdict = `<span${attrs({ class: `verdict ${run.verdict}` })}>${esc(verdictLabel(run.verdict))}</span>`;
  return (
    `<div${attrs({ class: `card run ${run.verdict}`, 'data-run': run.iteration })}><h3>run #${run.iteration}: ${verdict} <span class="muted">(${esc(failureSummary(run.streams, run.phases))})</span></h3>` +
    (run.validity.valid ? '' : invalidBox(run.validity.reasons, 'this run')) +
    (s.runs.length > 1 ? detailTable(run.streams, run.phases) : '') +
    timelineSvg(run, s.name) +
    timelineLegend() +
    podTable(run) +
    lagTable(run) +
    loadPodTable(run) +
    '</div>'
  );
}

/** Unsolicited answers per stream, when there were any. */
function unsolicitedLine(s: ScenarioReport): string {
  const text = unsolicitedText(s);
  return text ? `<p class="unsolicited"><strong>Unsolicited answers</strong> (${esc(UNSOLICITED_NOTE)}): ${esc(text)}</p>` : '';
}

/** One scenario: badge (met, missed, INVALID), description, reasons, per-stream figures, then its runs. */
export function scenarioSection(s: ScenarioReport): string {
  const cls = verdictClass(s);
  const mark = cls === 'invalid' ? '⚠' : s.met ? '✓' : '✗';
  const badge =
    `<span${attrs({ class: `badge ${cls}` })}>${mark} ${esc(verdictLabel(s.verdict))}, expected ${esc(s.expected)}</span>` +
    (s.flaky ? ' <span class="badge flaky">FLAKY</span>' : '');
  return (
    `<section${attrs({ class: `scenario ${cls}`, id: `scenario-${s.name}` })}><h2>${esc(s.name)} ${badge}</h2>` +
    `<p>${esc(s.description)}</p>${s.why ? `<p><strong>Why:</strong> ${esc(s.why)}</p>` : ''}` +
    (s.verdict === 'invalid' ? invalidBox(s.invalidReasons, 'the verdict of this scenario') : '') +
    `<p class="muted">${esc(verdictCell(s))}, ${esc(s.disruption)}</p>` +
    detailTable(s.streams, s.phases) +
    unsolicitedLine(s) +
    thresholdList(s) +
    diagnosisTable(s) +
    s.runs.map((r) => runSection(s, r)).join('') +
    '</section>'
  );
}
