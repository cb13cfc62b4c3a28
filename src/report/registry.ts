import { ZerodropError } from '../errors/index.ts';
import type { Reporter } from './registry-types.ts';
import { consoleReporter } from './reporters/console.ts';
import { htmlReporter } from './reporters/html/render-html.ts';
import { jsonReporter } from './reporters/json.ts';
import { junitReporter } from './reporters/junit.ts';
import { markdownReporter } from './reporters/markdown.ts';

export type { Reporter } from './registry-types.ts';

const reporters = new Map<string, Reporter>();

/** Adds (or replaces) a format. */
export function registerReporter(reporter: Reporter): void {
  reporters.set(reporter.name, reporter);
}

for (const r of [consoleReporter, jsonReporter, markdownReporter, junitReporter, htmlReporter]) registerReporter(r);

export function reporterNames(): string[] {
  return [...reporters.keys()];
}

/** The reporter for a format name; a ZerodropError listing the known ones otherwise. */
export function getReporter(name: string): Reporter {
  const r = reporters.get(name);
  if (!r) throw new ZerodropError(`unknown report format '${name}'`, { field: 'format', hint: `one of: ${reporterNames().join(', ')}` });
  return r;
}

/** Reporters that write a file (json, markdown, ...), in registration order. */
export function fileReporters(): Reporter[] {
  return [...reporters.values()].filter((r) => r.fileName);
}
