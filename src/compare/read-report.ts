import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ZerodropError } from '../errors/index.ts';
import { REPORT_SCHEMA_VERSION, type ReportModel, reportSchemaProblems } from '../metrics/index.ts';
import { displayPath, ReadFileError, readRegularFile } from '../util/index.ts';

/** Largest report.json read back (a long --repeat keeps every run's timeline and buckets). */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/** A report.json read back and checked against the schema of this zerodrop. */
export interface LoadedReport {
  /** Its path, as users read it (relative to the working directory when inside it). */
  file: string;
  model: ReportModel;
}

/** "/scenarios/0/phases/1/p99Ms" as "scenarios[0].phases[1].p99Ms". */
function fieldOf(pointer: string): string {
  const parts = pointer.split('/').slice(1).filter(Boolean);
  if (!parts.length) return '(top level)';
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : `${i ? '.' : ''}${p}`)).join('');
}

/**
 * Reads one report.json (a file, or a report directory holding one). Bad input is one
 * ZerodropError naming the file and the field: not JSON, not a report, another schema version,
 * or a value the schema rejects. Fields this zerodrop does not know are ignored (a newer minor
 * addition), and so is a report's own `comparison`, which is never read back.
 */
export function readReport(path: string): LoadedReport {
  const file = isDirectory(path) ? join(path, 'report.json') : path;
  const shown = displayPath(file);
  let text: string;
  try {
    text = readRegularFile(file, MAX_REPORT_BYTES);
  } catch (err) {
    const why = err instanceof ReadFileError ? err.reason : String(err);
    throw new ZerodropError(`cannot read the report: ${why}`, { file: shown, hint: 'pass a report.json or a report directory' });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ZerodropError(`not valid JSON: ${(err as Error).message.split('\n')[0]}`, { file: shown });
  }
  if (!json || typeof json !== 'object' || Array.isArray(json) || !('schemaVersion' in json)) {
    throw new ZerodropError('not a zerodrop report.json (no schemaVersion)', { file: shown });
  }
  const { comparison: _ignored, ...report } = json as Record<string, unknown>;
  const version = report.schemaVersion;
  if (version !== REPORT_SCHEMA_VERSION) {
    throw new ZerodropError(
      `report schema version ${JSON.stringify(version)} is not supported (this zerodrop reads ${REPORT_SCHEMA_VERSION})`,
      {
        file: shown,
        hint: 'compare reports written by the same schema version (docs/report-schema.md)',
      },
    );
  }
  const problem = reportSchemaProblems(report).find((p) => p.keyword !== 'additionalProperties');
  if (problem) throw new ZerodropError(problem.message, { file: shown, field: fieldOf(problem.path) });
  return { file: shown, model: report as unknown as ReportModel };
}

/** False also when stat fails (a symbolic link loop): reading the path then names it with the reason. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}
