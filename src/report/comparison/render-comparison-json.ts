import type { Comparison } from '../../metrics/index.ts';

/** `zerodrop compare --json`: the comparison as is (its fields: docs/report-schema.md, "Comparison"). */
export function renderComparisonJson(c: Comparison): string {
  return `${JSON.stringify(c, null, 2)}\n`;
}
