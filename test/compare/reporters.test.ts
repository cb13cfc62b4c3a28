import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareReports } from '../../src/compare/compare-reports.ts';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { validateReport } from '../../src/metrics/result/report-schema.ts';
import { escapeAttr } from '../../src/render/markup.ts';
import { renderComparisonHtml } from '../../src/report/comparison/render-comparison-html.ts';
import { renderComparisonMarkdown } from '../../src/report/comparison/render-comparison-markdown.ts';
import { renderComparisonText } from '../../src/report/comparison/render-comparison-text.ts';
import { renderConsole } from '../../src/report/reporters/console.ts';
import { renderHtml } from '../../src/report/reporters/html/render-html.ts';
import { renderJunit } from '../../src/report/reporters/junit.ts';
import { renderMarkdown } from '../../src/report/reporters/markdown.ts';
import { buildReport, night } from './report-factory.ts';

let dir: string;
let model: ReportModel;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zd-cmp-reporters-'));
  const base = await buildReport(dir, 'base', night(1), [
    { name: 'prestop-sleep', expected: 'lossless', runs: [0] },
    { name: 'shell-entrypoint', expected: 'lossy', runs: [5] },
    { name: 'tcp-probe', expected: 'lossy', runs: [5] },
  ]);
  model = await buildReport(dir, 'new', night(2), [
    { name: 'prestop-sleep', expected: 'lossless', runs: [0] },
    { name: 'shell-entrypoint', expected: 'lossy', runs: [9] },
    { name: 'tcp-probe', expected: 'lossy', runs: [3] },
  ]);
  model.comparison = compareReports([{ file: 'base/report.json', model: base }], { file: 'new/report.json', model });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One testcase element of the JUnit XML. */
const testcase = (xml: string, name: string) =>
  xml.slice(xml.indexOf(`<testcase name="${name}"`), xml.indexOf('</testcase>', xml.indexOf(`<testcase name="${name}"`)));

describe('the comparison in the run reports (run --baseline PATH)', () => {
  it('report.json with a comparison is valid against the schema', () => {
    expect(model.comparison?.regressed).toBe(true);
    expect(validateReport(JSON.parse(JSON.stringify(model)))).toEqual([]);
    const broken = structuredClone(model) as unknown as { comparison: { scenarios: { checks: { kind: string }[] }[] } };
    broken.comparison.scenarios[1].checks[0].kind = 'gut-feeling';
    expect(validateReport(broken)).toEqual([expect.stringMatching(/^\/comparison\/scenarios\/1\/checks\/0\/kind: /)]);
  });

  it('JUnit: the regressed scenario fails with the figure, its limit and the delta; the others do not', () => {
    const xml = renderJunit(model);
    const failed = model.comparison!.scenarios.flatMap((s) => s.checks).filter((k) => !k.passed);
    expect(failed.map((k) => k.kind)).toEqual(['disruption']);
    expect(failed[0].message).toMatch(/disruption seconds per run 0\.9, above the limit 0\.5 by \+0\.4/);
    expect(testcase(xml, 'shell-entrypoint')).toContain(
      `<failure message="${escapeAttr(`regression: ${failed[0].message}`)}" type="zerodrop.regression">`,
    );
    expect(testcase(xml, 'tcp-probe')).not.toContain('<failure');
    expect(testcase(xml, 'prestop-sleep')).not.toContain('<failure');
    expect(xml).toMatch(/<testsuites [^>]*failures="1"/);
  });

  it('Markdown, console and HTML carry the comparison section; without a baseline there is none', () => {
    const c = model.comparison!;
    expect(renderMarkdown(model)).toContain(renderComparisonMarkdown(c));
    expect(renderConsole(model)).toContain(
      renderComparisonText(c)
        .split('\n')
        .map((l) => l.trimEnd())
        .join('\n'),
    );
    expect(renderHtml(model)).toContain(renderComparisonHtml(c));
    expect(renderComparisonText(c)).toMatch(/tcp-probe \(rollout\) +keep-alive +baseline/);
    expect(renderComparisonText(c)).toMatch(/keep-alive +disruption +3 \(-2\) +0\.30 \(-0\.20\) .* better: failed, dis s/);
    const plain = { ...model, comparison: undefined };
    expect(renderMarkdown(plain)).not.toContain('## Comparison');
    expect(renderConsole(plain)).not.toContain('zerodrop compare:');
    expect(renderHtml(plain)).not.toContain('Comparison with the baseline');
  });
});
