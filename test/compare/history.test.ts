import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareReports } from '../../src/compare/compare-reports.ts';
import type { LoadedReport } from '../../src/compare/read-report.ts';
import { MIN_HISTORY } from '../../src/compare/scenario-checks.ts';
import { scenarioDisruptionSeconds } from '../../src/compare/scenario-disruption-seconds.ts';
import type { ComparisonCheck } from '../../src/metrics/result/comparison-model.ts';
import { buildReport, night, type ScenarioSpec, SLOT_SECONDS } from './report-factory.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zd-history-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let seq = 0;
/** A real report (built from generated records), as compare reads it. */
async function report(n: number, scenarios: ScenarioSpec[]): Promise<LoadedReport> {
  const runId = `r${n}-${seq++}`;
  return { file: `${runId}/report.json`, model: await buildReport(dir, runId, night(n), scenarios) };
}

const lossy = (failures: number[], disruption: ScenarioSpec['disruption'] = 'rollout'): ScenarioSpec[] => [
  { name: 'shell-entrypoint', expected: 'lossy', disruption, runs: failures },
];

/** Earlier reports with one lossy run each, `failures[i]` failed slots on night i. */
const history = (failures: number[]) => Promise.all(failures.map((f, i) => report(i, lossy([f]))));

/** The checks of the one scenario compared. */
async function checksOf(base: LoadedReport[], failures: number): Promise<ComparisonCheck[]> {
  const c = compareReports(base, await report(99, lossy([failures])));
  return c.scenarios[0].checks;
}
const disruptionCheck = (checks: ComparisonCheck[]) => checks.find((k) => k.kind === 'disruption')!;

/** Nearest-rank 95th percentile, written out: the value at rank ceil(0.95 n) of the sorted values. */
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(0.95 * values.length) - 1];

describe('the history rule for disruption seconds', () => {
  it('the judged figure is per run: disruption and recovery, both streams together', async () => {
    const r = await report(0, lossy([3, 12]));
    expect(scenarioDisruptionSeconds(r.model.scenarios[0])).toBeCloseTo(((3 + 12) / 2) * SLOT_SECONDS, 6);
    // 25 failures: 20 keep-alive slots (2 s), then new-connection slots at the same times, which add no seconds.
    const both = await report(0, lossy([25]));
    expect(both.model.scenarios[0].phases.find((p) => p.name === 'disruption')!.reset).toBe(15);
    expect(scenarioDisruptionSeconds(both.model.scenarios[0])).toBeCloseTo(20 * SLOT_SECONDS, 6);
  });

  it(`with fewer than ${MIN_HISTORY} earlier reports, the latest report is the limit`, async () => {
    const base = await history([5, 9, 3, 4]);
    const latest = base[base.length - 1];
    const above = disruptionCheck(await checksOf(base, 6));
    expect(above.passed).toBe(false);
    expect(above.limit).toBeCloseTo(4 * SLOT_SECONDS, 6);
    expect(above.basis).toContain(latest.model.runId);
    expect(above.message).toMatch(/^shell-entrypoint \(rollout\): disruption seconds per run 0\.6, above the limit 0\.4 by \+0\.2/);
    expect(disruptionCheck(await checksOf(base, 4)).passed).toBe(true);
  });

  it(`with exactly ${MIN_HISTORY} earlier reports, the 95th percentile of all of them is`, async () => {
    const failures = [5, 9, 3, 4, 2];
    const base = await history(failures);
    const limit = p95(failures.map((f) => f * SLOT_SECONDS));
    const within = disruptionCheck(await checksOf(base, 6)); // above the latest (0.2), within the history
    expect(within).toMatchObject({ passed: true, basis: `p95 of ${MIN_HISTORY} earlier reports` });
    expect(within.limit).toBeCloseTo(limit, 6);
    expect(disruptionCheck(await checksOf(base, 10)).passed).toBe(false);
  });

  it('an outlier above the 95th percentile regresses; one outlier in the history does not raise the limit', async () => {
    const failures = [...Array.from({ length: 19 }, (_, i) => 2 + (i % 3)), 20]; // 0.2-0.4 s, and one 2 s night
    const base = await history(failures);
    const limit = p95(failures.map((f) => f * SLOT_SECONDS));
    expect(limit).toBeLessThan(20 * SLOT_SECONDS);
    const outlier = disruptionCheck(await checksOf(base, 12));
    expect(outlier).toMatchObject({ passed: false, basis: `p95 of ${failures.length} earlier reports` });
    expect(outlier.value).toBeCloseTo(12 * SLOT_SECONDS, 6);
    expect(outlier.limit).toBeCloseTo(limit, 6);
    expect(disruptionCheck(await checksOf(base, 3)).passed).toBe(true);
  });

  it('a scenario lossless in every earlier report must stay at exactly zero, with or without enough history', async () => {
    for (const nights of [2, MIN_HISTORY + 1]) {
      const base = await Promise.all(
        Array.from({ length: nights }, (_, i) => report(i, [{ name: 'prestop-sleep', expected: 'lossless', runs: [0] }])),
      );
      const c = compareReports(base, await report(99, [{ name: 'prestop-sleep', expected: 'lossless', runs: [0, 1] }]));
      const [check] = c.scenarios[0].checks;
      expect(check).toMatchObject({ kind: 'lossless', passed: false, figure: 'failed', value: 1, limit: 0 });
      expect(check.message).toMatch(/^prestop-sleep \(rollout\): failed requests 0 → 1 \(\+1\) .*keep-alive disruption 1/);
      expect(c.regressed).toBe(true);
      const same = compareReports(base, await report(99, [{ name: 'prestop-sleep', expected: 'lossless', runs: [0, 0] }]));
      expect(same.regressed).toBe(false);
    }
  });

  it('with enough history a scenario lossy on some nights is a lossy one: the percentile judges it, not zero', async () => {
    const base = await history([0, 0, 4, 0, 0, 0]);
    const checks = await checksOf(base, 3);
    expect(checks.map((k) => k.kind)).toEqual(['verdict', 'disruption']);
    expect(checks.every((k) => k.passed)).toBe(true);
    expect(checks[0].message).toContain('worst verdict of 6 earlier reports');
  });

  it('matches scenarios by name and disruption, and compares per run whatever --repeat was', async () => {
    const base = [await report(1, [...lossy([0], 'rollout'), ...lossy([4, 4, 4], 'drain')])];
    const c = compareReports(base, await report(2, lossy([4], 'drain')));
    const drain = c.scenarios.find((s) => s.disruption === 'drain')!;
    expect(drain).toMatchObject({ presence: 'both', baseRuns: 3, newRuns: 1, regressed: false });
    expect(drain.phases.flatMap((p) => p.figures).filter((f) => f.change !== 'same')).toEqual([]);
    expect(c.scenarios.find((s) => s.disruption === 'rollout')).toMatchObject({ presence: 'removed', checks: [] });
  });

  it('leaves the new report out of a history that holds it, and compares a report alone with itself', async () => {
    const base = await history([5, 9]);
    const next = await report(99, lossy([9]));
    const c = compareReports([...base, next], next);
    expect(c.base.map((b) => b.runId)).toEqual(base.map((b) => b.model.runId));
    expect(disruptionCheck(c.scenarios[0].checks).limit).toBeCloseTo(9 * SLOT_SECONDS, 6);
    const self = compareReports([next], next);
    expect(self.regressed).toBe(false);
    expect(self.scenarios[0].phases.flatMap((p) => p.figures).every((f) => f.delta === 0 && f.change === 'same')).toBe(true);
  });
});
