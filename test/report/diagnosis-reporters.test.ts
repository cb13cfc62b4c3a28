import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAUSE_INFO, CAUSES } from '../../src/metrics/diagnosis/causes.ts';
import { buildScenarioReport } from '../../src/metrics/result/build-report.ts';
import { validateReport } from '../../src/metrics/result/report-schema.ts';
import { renderConsole } from '../../src/report/reporters/console.ts';
import { renderHtml } from '../../src/report/reporters/html/render-html.ts';
import { renderJunit } from '../../src/report/reporters/junit.ts';
import { renderMarkdown } from '../../src/report/reporters/markdown.ts';
import { rec } from '../metrics/records.ts';
import { phaseEvents, writeSyntheticRun } from '../metrics/synthetic-run.ts';
import { fixtureModel, LOSSY_POD } from './reporters-fixture.ts';

const model = fixtureModel();
const FIX = CAUSE_INFO['propagation-race'].fix;
const section = (html: string, name: string) =>
  html.slice(html.indexOf(`id="scenario-${name}"`), html.indexOf('</section>', html.indexOf(`id="scenario-${name}"`)));

describe('the diagnosis in every reporter', () => {
  it('markdown: a table of cause, count, evidence (pod, times since baseline start) and fix; none for a lossless scenario', () => {
    const md = renderMarkdown(model);
    expect(md).toContain(
      `| propagation-race | 10 | ${LOSSY_POD}: 10 at 5.3-6.3 s: sent after the deletion, before the endpoint left the data path | ${FIX} |`,
    );
    const lossless = md.slice(md.indexOf('## prestop-sleep'), md.indexOf('## exec-entrypoint'));
    expect(lossless).toContain('- no failed request to diagnose');
  });

  it('console and junit: the cause with its count, pods and fix, and its evidence', () => {
    const out = renderConsole(model);
    expect(out).toContain(`  cause propagation-race: 10 failed (${LOSSY_POD}); fix: ${FIX}`);
    expect(out).toContain(`    e.g. ${LOSSY_POD}: 10 at 5.3-6.3 s:`);
    expect(out.match(/cause /g)).toHaveLength(1);
    expect(renderJunit(model)).toContain(`cause propagation-race: 10 failed; fix: ${FIX}`);
  });

  it("html: a diagnosis table per scenario and a band of the cause on the pod's timeline lane", () => {
    const html = renderHtml(model);
    const s = section(html, 'exec-entrypoint');
    expect(s).toMatch(/<tr data-cause="propagation-race"><td class="cause"[^>]*>propagation-race<\/td><td class="count">10<\/td>/);
    expect(s).toContain(`<g class="cause propagation-race" data-pod="${LOSSY_POD}">`);
    expect(section(html, 'prestop-sleep')).toContain('no failed request to diagnose');
    expect(section(html, 'prestop-sleep')).not.toContain('class="cause ');
    for (const c of CAUSES) expect(html).toContain(`</i>${c}</span>`);
  });

  it('report.json: the schema takes the diagnosis, rejects an unknown cause, and still reads a report without one', () => {
    expect(validateReport(JSON.parse(JSON.stringify(model)))).toEqual([]);
    const bad = structuredClone(model);
    (bad.scenarios[1].diagnosis![0] as { cause: string }).cause = 'gremlins';
    expect(validateReport(bad).join('\n')).toMatch(/\/scenarios\/1\/diagnosis\/0\/cause/);
    const old = structuredClone(model);
    for (const s of old.scenarios) {
      delete s.diagnosis;
      for (const r of s.runs) delete r.diagnosis;
    }
    expect(validateReport(old)).toEqual([]);
    expect(renderMarkdown(old)).toContain('- no failed request to diagnose');
  });
});

describe('the report model carries the diagnosis', () => {
  it('per run from its records and timeline, and per scenario over its runs, sorted by count', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zd-diag-'));
    try {
      const plans = [{ name: 'new-connection' as const, rate: 10 }];
      const ok = [1000, 2000, 3000].flatMap((s) =>
        Array.from({ length: 10 }, (_, i) => rec(s + i * 100, 200, { stream: 'new-connection', pod: 'web-new' })),
      );
      const refused = (t: number) => rec(t, 'ECONNREFUSED', { stream: 'new-connection', pod: '', fresh: true });
      const life = [
        { t: 500, kind: 'endpoint-added' as const, pod: 'web-old' },
        { t: 600, kind: 'endpoint-added' as const, pod: 'web-new' },
        { t: 2000, kind: 'pod-deleted' as const, pod: 'web-old' },
        { t: 2300, kind: 'endpoint-removed' as const, pod: 'web-old' },
      ];
      const a = await writeSyntheticRun(
        await mkdtemp(join(dir, 'a')),
        plans,
        [...ok, refused(2100), refused(2200)],
        [...phaseEvents(), ...life],
      );
      const b = await writeSyntheticRun(
        await mkdtemp(join(dir, 'b')),
        plans,
        [...ok, refused(2150), rec(1500, 'ECONNRESET', { pod: 'web-new' })],
        [...phaseEvents(), ...life],
      );
      const s = await buildScenarioReport(
        {
          name: 'x',
          description: '',
          disruption: 'rollout',
          expected: 'any',
          runs: [
            { iteration: 1, ...a },
            { iteration: 2, ...b },
          ],
        },
        dir,
      );
      expect(s.runs.map((r) => r.diagnosis?.map((d) => [d.cause, d.count]))).toEqual([
        [['propagation-race', 2]],
        [
          ['propagation-race', 1],
          ['unknown', 1],
        ],
      ]);
      expect(s.diagnosis?.map((d) => [d.cause, d.count, d.pods])).toEqual([
        ['propagation-race', 3, ['web-old']],
        ['unknown', 1, ['web-new']],
      ]);
      expect(s.diagnosis?.[1].evidence[0]).toMatchObject({ run: 2, detail: 'failure before any disruption' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
