import type { CheckResult, Evidence, Finding, ProofReport, Severity } from './types.ts';

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

/**
 * `zerodrop check` for the console (no colours, so a CI log reads the same): per target its
 * findings (severity, id, title, evidence as file:line and the text, the mechanism, the fix, and
 * the proof lines that confirm it), then the proof, then one summary line.
 */
export function formatCheck(results: CheckResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.target}: ${counts(r.findings) || 'no findings'}`);
    for (const f of r.findings) lines.push(...findingLines(f, r.proof));
    lines.push(...proofLines(r.proof), '');
  }
  const all = results.flatMap((r) => r.findings);
  const proofs = results.flatMap((r) =>
    r.proof.results.filter((l) => !l.ok && l.finding !== undefined && !r.findings.some((f) => f.id === l.finding)),
  );
  const failed = proofs.length
    ? `, ${proofs.length} failed proof${proofs.length === 1 ? '' : 's'} (${[...new Set(proofs.map((l) => l.finding))].join(', ')})`
    : '';
  lines.push(`${results.length} target${results.length === 1 ? '' : 's'} checked: ${counts(all) || 'no findings'}${failed}`);
  return lines.join('\n');
}

function findingLines(f: Finding, proof: ProofReport): string[] {
  const confirmed = proof.results.filter((p) => !p.ok && p.finding === f.id);
  return [
    `  ${f.severity.toUpperCase().padEnd(7)} ${f.id}: ${f.title}`,
    ...f.evidence.map((e) => `          at ${where(e)}${e.text ? `  ${e.text}` : ''}`),
    `          why: ${f.mechanism}`,
    `          fix: ${f.fix}`,
    ...confirmed.map((p) => `          proven: ${p.line}`),
  ];
}

function proofLines(p: ProofReport): string[] {
  if (p.skipped !== undefined) return [`  proof skipped: ${p.skipped}`];
  return [`  proof${p.image ? ` (${p.image})` : ''}:`, ...p.results.map((l) => `    ${l.ok ? 'ok  ' : 'FAIL'} ${l.line}`)];
}

function where(e: Evidence): string {
  return e.line === undefined ? e.file : `${e.file}:${e.line}`;
}

/** `2 errors, 1 warning`, or '' when there is nothing. */
function counts(findings: Finding[]): string {
  return SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}${n === 1 || s === 'info' ? '' : 's'}`)
    .join(', ');
}
