import { isAbsolute, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckResult, Evidence, Finding, Severity } from './types.ts';

/**
 * `zerodrop check --format sarif`: the static findings as one SARIF 2.1.0 log for GitHub code
 * scanning. One run, one rule per distinct finding id (in order of first appearance), one result
 * per finding with a location per evidence. Relative evidence paths (display paths relative to
 * the cwd) become `%SRCROOT%`-based URIs with forward slashes, absolute ones `file://` URIs; a
 * region (and its snippet) only where the line is known. Proof results are measurements of a
 * running container, not code locations, so they are not in the log (a proof failure that has
 * no static finding still fails the exit code). Pure: no I/O, no clock.
 */
export interface SarifOptions {
  /** zerodrop's version, the driver's `version`. */
  toolVersion: string;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifLog {
  version: '2.1.0';
  $schema: string;
  runs: { tool: { driver: SarifDriver }; results: SarifResult[] }[];
}

export interface SarifDriver {
  name: 'zerodrop';
  version: string;
  rules: SarifRule[];
}

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[] };
}

export interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId?: '%SRCROOT%' };
    region?: { startLine: number; snippet?: { text: string } };
  };
  message?: { text: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  properties: { target: string };
}

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(results: CheckResult[], opts: SarifOptions): SarifLog {
  const rules: SarifRule[] = [];
  const index = new Map<string, number>();
  const sarifResults: SarifResult[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      if (!index.has(f.id)) index.set(f.id, rules.push(rule(f)) - 1);
      sarifResults.push({
        ruleId: f.id,
        ruleIndex: index.get(f.id)!,
        level: LEVEL[f.severity],
        message: { text: `${f.title}${/[.!?]$/.test(f.title) ? '' : '.'} Fix: ${f.fix}` },
        locations: f.evidence.map(location),
        properties: { target: r.target },
      });
    }
  }
  return {
    version: '2.1.0',
    $schema: SARIF_SCHEMA,
    runs: [{ tool: { driver: { name: 'zerodrop', version: opts.toolVersion, rules } }, results: sarifResults }],
  };
}

function rule(f: Finding): SarifRule {
  return {
    id: f.id,
    name: f.id
      .split(/[^A-Za-z0-9]+/)
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: f.title },
    fullDescription: { text: f.mechanism },
    help: { text: f.fix, markdown: `${f.mechanism}\n\n**Fix:** ${f.fix}` },
    defaultConfiguration: { level: LEVEL[f.severity] },
    properties: { tags: ['zero-downtime', 'kubernetes'] },
  };
}

function location(e: Evidence): SarifLocation {
  const artifactLocation = isAbsolute(e.file)
    ? { uri: pathToFileURL(e.file).href }
    : { uri: relativeUri(e.file), uriBaseId: '%SRCROOT%' as const };
  if (e.line !== undefined && Number.isInteger(e.line) && e.line >= 1) {
    const region = { startLine: e.line, ...(e.text !== undefined ? { snippet: { text: e.text } } : {}) };
    return { physicalLocation: { artifactLocation, region } };
  }
  // No line: no region (SARIF's startLine is 1-based); the text, if any, goes in the location's message.
  return { physicalLocation: { artifactLocation }, ...(e.text !== undefined ? { message: { text: e.text } } : {}) };
}

/** A relative display path as a relative URI: forward slashes, each segment percent-encoded. */
const relativeUri = (file: string): string =>
  file
    .split(sep === '\\' ? /[\\/]/ : '/')
    .map(encodeURIComponent)
    .join('/');
