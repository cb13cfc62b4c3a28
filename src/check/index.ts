import { ExitCode } from '../errors/index.ts';
import { type ProofOptions, runProof } from './proof/run-proof.ts';
import { staticCheck } from './static-check.ts';
import type { CheckResult, CheckTarget, ProofReport } from './types.ts';

/** `zerodrop check`'s public surface. */
export { type CheckRequest, manifestTarget, resolveCheckTargets, scenarioTarget } from './check-target.ts';
export { formatCheck } from './format-check.ts';
export { formatSarif, SARIF_SCHEMA, type SarifLog, type SarifOptions } from './format-sarif.ts';
export { staticCheck } from './static-check.ts';
export type { CheckResult, CheckTarget, Evidence, Finding, ProofLine, ProofReport, Severity } from './types.ts';

export interface CheckOptions extends ProofOptions {
  /** false: static rules only (`--no-proof`). */
  proof?: boolean;
}

export const NO_PROOF: ProofReport = { skipped: 'proof not run (--no-proof)', results: [] };

/** Static rules over each target, then (unless `proof: false`) its proof run, one target after the other. */
export async function checkTargets(targets: CheckTarget[], opts: CheckOptions = {}): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const target of targets) {
    const findings = staticCheck(target);
    const proof = opts.proof === false ? structuredClone(NO_PROOF) : await runProof(target, { signal: opts.signal, log: opts.log });
    results.push({ target: target.name, findings, proof });
  }
  return results;
}

/** 1 when any finding is error-level or a proof result failed showing how requests are lost (it names a finding), else 0. */
export function checkExitCode(results: CheckResult[]): number {
  const failed = results.some(
    (r) => r.findings.some((f) => f.severity === 'error') || r.proof.results.some((l) => !l.ok && l.finding !== undefined),
  );
  return failed ? ExitCode.ErrorFindings : ExitCode.Ok;
}
export { removeProofContainers } from './proof/index.ts';
