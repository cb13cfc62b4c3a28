import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareReports } from '../../src/compare/compare-reports.ts';
import type { LoadedReport } from '../../src/compare/read-report.ts';
import { parseThresholds } from '../../src/metrics/threshold-spec.ts';
import { buildReport, night, type ScenarioSpec } from './report-factory.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zd-threshold-cmp-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let seq = 0;
async function report(n: number, scenarios: ScenarioSpec[]): Promise<LoadedReport> {
  const runId = `t${n}-${seq++}`;
  return { file: `${runId}/report.json`, model: await buildReport(dir, runId, night(n), scenarios) };
}

/** A lossy scenario that loses 4 slots a night (0.4 disruption seconds), bounded to 0.25 s in disruption. */
const bounded = (failures: number): ScenarioSpec[] => [
  {
    name: 'exec-entrypoint',
    expected: 'lossy',
    runs: [failures],
    thresholds: parseThresholds({ disruption: { disruptionSeconds: '< 0.25' } }, 'scenario.yaml'),
  },
];

describe('compare: a figure that crossed its threshold is a regression', () => {
  it('a scenario as bad as last night but over its threshold regresses, naming the threshold and figure', async () => {
    const c = compareReports([await report(0, bounded(4))], await report(1, bounded(4)));
    const [s] = c.scenarios;
    const crossed = s.checks.filter((k) => k.kind === 'threshold');
    expect(crossed).toHaveLength(1);
    expect(crossed[0]).toMatchObject({ passed: false, figure: 'disruptionSeconds', limit: '< 0.25' });
    expect(crossed[0].message).toMatch(/exec-entrypoint \(rollout\): threshold all streams disruption disruptionSeconds < 0.25: 0.4 ✗/);
    expect(s.checks.find((k) => k.kind === 'disruption')?.passed).toBe(true);
    expect(c.regressed).toBe(true);
  });

  it('within its threshold nothing regresses; a scenario new tonight is held to its thresholds too', async () => {
    const within = compareReports([await report(0, bounded(2))], await report(1, bounded(2)));
    expect(within.scenarios[0].checks.some((k) => k.kind === 'threshold')).toBe(false);
    expect(within.regressed).toBe(false);
    const added = compareReports([await report(0, [{ name: 'other', runs: [0] }])], await report(1, bounded(4)));
    const s = added.scenarios.find((x) => x.name === 'exec-entrypoint')!;
    expect(s.presence).toBe('added');
    expect(s.regressed).toBe(true);
  });
});
