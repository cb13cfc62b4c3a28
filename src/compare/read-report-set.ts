import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ZerodropError } from '../errors/index.ts';
import { displayPath } from '../util/index.ts';
import { isDirectory, type LoadedReport, readReport } from './read-report.ts';

/** How deep below a history directory report.json files are looked for (history/<night>/<run-id>/report.json). */
const MAX_DEPTH = 3;

/** Every report.json below `dir`; a directory that holds one is a report directory and is not searched further. */
function findReportFiles(dir: string, depth = 0): string[] {
  const own = join(dir, 'report.json');
  if (existsSync(own)) return [own];
  if (depth >= MAX_DEPTH) return [];
  const subdirs = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return subdirs.flatMap((d) => findReportFiles(join(dir, d), depth + 1));
}

/**
 * The base of a comparison: a report.json, a report directory, or a directory of earlier
 * reports (a history: every report.json up to three levels below). Oldest first by startedAt;
 * two copies of one run (same runId) count once.
 */
export function readReportSet(path: string): LoadedReport[] {
  const files = isDirectory(path) ? findReportFiles(path) : [path];
  if (!files.length) {
    throw new ZerodropError('no report.json in this directory or below it', {
      file: displayPath(path),
      hint: 'pass a report.json, a report directory or a directory of them',
    });
  }
  const byRun = new Map<string, LoadedReport>();
  for (const f of files) {
    const r = readReport(f);
    if (!byRun.has(r.model.runId)) byRun.set(r.model.runId, r);
  }
  return [...byRun.values()].sort((a, b) => Date.parse(a.model.startedAt) - Date.parse(b.model.startedAt));
}
