import type { Deployment, ManifestSet } from '../k8s/index.ts';

/**
 * `zerodrop check`: static findings over a Deployment's manifests, Dockerfile and scripts, plus a
 * proof run of its image in the local Docker engine. The contract between the static rules
 * (src/check/rules/), the proof (src/check/proof/) and the CLI (src/cli/check.ts).
 */
export type Severity = 'error' | 'warning' | 'info';

/** Where a finding was seen: a display path (relative to the cwd where possible) and a 1-based line. */
export interface Evidence {
  file: string;
  line?: number;
  /** The line or value as written, e.g. `ENTRYPOINT ["sh", "start.sh"]`. */
  text?: string;
}

export interface Finding {
  /** Stable id, kebab-case, e.g. `shell-pid1`, `no-readiness-probe`. Never renamed once shipped. */
  id: string;
  severity: Severity;
  /** One line: what is wrong. */
  title: string;
  evidence: Evidence[];
  /** What to change. */
  fix: string;
  /** One sentence on the mechanism: how this loses requests. */
  mechanism: string;
}

/** What `zerodrop check` reviews: one Deployment with what is known of its image. */
export interface CheckTarget {
  /** Scenario name, or the Deployment's name for --manifest. */
  name: string;
  /** Display path of the manifest file (scenario's manifest.yaml or the user's --manifest). */
  manifestFile: string;
  manifests: ManifestSet;
  deployment: Deployment;
  /** The Dockerfile, when there is one (shipped scenarios; not for --manifest --image). */
  dockerfile?: { file: string; text: string };
  /** Scripts the entrypoint runs, found in the build context (e.g. start.sh). */
  scripts: { file: string; text: string }[];
  /** --image: a user's image already in the local Docker engine (used as is, never pulled). */
  image?: string;
  /** Shipped scenario: how to build its image on the offline base (context is scenarios/). */
  build?: { scenario: string; context: string; dockerfile: string };
}

/** One proof measurement, e.g. `SIGTERM: exited 0 after 0.3 s, in-flight request answered`. */
export interface ProofLine {
  check: 'pid1' | 'readiness' | 'sigterm';
  /** false when the measurement shows a problem (the finding it proves, if any, in `finding`). */
  ok: boolean;
  line: string;
  /** Id of the static finding this result confirms, if any. */
  finding?: string;
  /** Measured values behind the line (seconds, exit code, PID 1 command, ...). */
  details: Record<string, string | number | boolean | null>;
}

export interface ProofReport {
  /** Set when the proof did not run: one line saying why (no Docker, no offline base, --no-proof). */
  skipped?: string;
  image?: string;
  results: ProofLine[];
}

export interface CheckResult {
  target: string;
  findings: Finding[];
  proof: ProofReport;
}
