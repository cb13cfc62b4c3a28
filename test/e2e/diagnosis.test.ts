import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failedRequests } from '../../src/metrics/aggregate.ts';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { runCli } from '../cli/run-cli.ts';

/** The acceptance of issue 9: the top cause the diagnosis must name per shipped scenario, from what the run measured. */
const TOP_CAUSE: Record<string, string> = {
  'shell-entrypoint': 'sigterm-ignored',
  'no-probe': 'not-ready',
  'tcp-probe': 'not-ready',
  'exec-entrypoint': 'propagation-race',
  keepalive: 'keepalive-not-closed',
  'short-grace': 'grace-exceeded',
};

describe('diagnosis of the shipped scenarios, end to end on the embedded runtime (rollout)', () => {
  it('names the cause each scenario was built to show, accounts for every failed request, and has nothing to say about prestop-sleep', async () => {
    const out = await mkdtemp(join(tmpdir(), 'zd-diagnosis-'));
    const names = [...Object.keys(TOP_CAUSE), 'prestop-sleep'];
    const r = await runCli(['run', ...names, '--baseline', '2', '--recovery', '2', '--out', out], { timeoutMs: 170_000 });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ReportModel;
    const byName = new Map(report.scenarios.map((s) => [s.name, s]));
    const summary = Object.fromEntries(
      names.map((n) => [n, (byName.get(n)?.diagnosis ?? []).map((d) => `${d.cause} ${d.count}`).join(', ')]),
    );
    for (const [name, cause] of Object.entries(TOP_CAUSE)) {
      const s = byName.get(name)!;
      expect(s.diagnosis?.[0]?.cause, `${name}: ${summary[name]}`).toBe(cause);
      expect(s.diagnosis![0].pods.length, name).toBeGreaterThan(0);
      expect(s.diagnosis![0].evidence[0].pod, name).not.toBe('');
      // every failed request of the three phases has exactly one cause
      const failed = s.runs.reduce((n, run) => n + run.phases.reduce((m, p) => m + failedRequests(p), 0), 0);
      expect(
        s.diagnosis!.reduce((n, d) => n + d.count, 0),
        name,
      ).toBe(failed);
      expect(s.why, `${name}: the hand-written why stays`).toBeTruthy();
    }
    expect(byName.get('prestop-sleep')?.diagnosis).toEqual([]);
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toContain('| sigterm-ignored |');
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('<g class="cause keepalive-not-closed"');
  }, 180_000);
});
