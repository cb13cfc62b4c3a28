import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { REPORT_JSON_SCHEMA } from '../../src/metrics/result/report-schema.ts';

/** Every property name the schema declares, at any depth. */
function propertyNames(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => propertyNames(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.properties && typeof o.properties === 'object') Object.keys(o.properties).forEach((k) => out.add(k));
    Object.values(o).forEach((v) => propertyNames(v, out));
  }
  return out;
}

describe('docs/report-schema.md', () => {
  it('documents every field of the JSON Schema and the contract names', async () => {
    const doc = await readFile(new URL('../../docs/report-schema.md', import.meta.url), 'utf8');
    const names = propertyNames(REPORT_JSON_SCHEMA);
    expect(names.size).toBeGreaterThan(40);
    const missing = [...names].filter((n) => !new RegExp(`[\`{ ,]${n}[\`?,} ]`).test(doc));
    expect(missing).toEqual([]);
    for (const n of [
      'schemaVersion',
      'provider',
      'scenarios[]',
      'verdict',
      'expected',
      'phases[]',
      'requests',
      'ok',
      'http5xx',
      'reset',
      'refused',
      'timeout',
      'other',
      'p99Ms',
    ]) {
      expect(doc).toContain(`\`${n}\``);
    }
  });
});
