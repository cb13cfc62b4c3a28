import { checkExitCode, checkTargets, resolveCheckTargets, type CheckResult as TargetCheckResult } from '../check/index.ts';
import { ExitCode } from '../errors/index.ts';

export type { TargetCheckResult };

export interface CheckOptions {
  /** Scenario names; default (empty): every scenario, unless `manifests` are given. */
  scenarios?: string[];
  /** Your own Deployment + Service manifests. */
  manifests?: string[];
  /** With `manifests`: the image of the Deployment's first container, already in the local Docker engine. */
  image?: string;
  /** Scenario catalogue directory; default: the scenarios/ shipped with zerodrop. */
  scenarioRoot?: string;
  /** false: static rules only, the image is not run (default true). */
  proof?: boolean;
  signal?: AbortSignal;
  /** Progress lines of the proof runs. */
  log?: (line: string) => void;
}

export interface CheckResult {
  /** Findings and proof results, one entry per target. */
  results: TargetCheckResult[];
  /** 0 no error-level finding, 1 one or more, 130 interrupted. */
  exitCode: number;
  /** `signal` aborted the check: `results` is empty. */
  interrupted: boolean;
}

/**
 * Static rules over manifests, Dockerfile and entrypoint scripts, then the proof in the local
 * Docker engine. Bad input throws a ZerodropError (exit code 2).
 */
export async function check(options: CheckOptions = {}): Promise<CheckResult> {
  const { scenarios = [], manifests, image, scenarioRoot, proof, signal, log } = options;
  const targets = await resolveCheckTargets({ scenarios, manifests, image, scenarioRoot });
  try {
    const results = await checkTargets(targets, { proof, signal, log });
    return { results, exitCode: checkExitCode(results), interrupted: false };
  } catch (err) {
    if (!signal?.aborted) throw err;
    return { results: [], exitCode: ExitCode.Interrupted, interrupted: true };
  }
}
