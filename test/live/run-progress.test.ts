import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countOf } from '../../src/live/outcome-counts.ts';
import { executeRun } from '../../src/run/execute-run.ts';
import { BIN_MS } from '../../src/run/outcome-bins.ts';
import type { ProgressEvent } from '../../src/run/progress.ts';
import { fakeProvider } from '../run/fake-provider.ts';

describe('what a run tells its progress listener for the live views', () => {
  it('outcomes in batches per stream and bin, every timeline event as recorded, then the report', async () => {
    const fake = fakeProvider({});
    const outDir = await mkdtemp(join(tmpdir(), 'zerodrop-progress-'));
    const events: ProgressEvent[] = [];
    const { ctx } = await executeRun({
      scenarios: ['prestop-sleep'],
      provider: 'local',
      disruption: 'delete',
      repeat: 1,
      outDir,
      load: { rate: 40, baselineSeconds: 1, recoverySeconds: 1 },
      createProvider: () => fake.provider,
      onProgress: (e) => events.push(e),
    });
    const records = (await readFile(join(outDir, 'prestop-sleep', 'delete-1', 'requests.ndjson'), 'utf8')).trim().split('\n').length - 1;
    const outcomes = events.filter((e) => e.type === 'outcomes');
    // Every record counted once, in far fewer events than records.
    expect(outcomes.reduce((n, e) => n + countOf(e.counts), 0)).toBe(records);
    expect(records).toBeGreaterThan(40);
    expect(outcomes.length).toBeLessThan(records / 2);
    for (const e of outcomes) {
      expect(e.t % BIN_MS).toBe(0);
      expect(['keep-alive', 'new-connection']).toContain(e.stream);
      expect(['baseline', 'disruption', 'recovery']).toContain(e.phase);
    }
    const run = ctx.report!.scenarios[0].runs[0];
    expect(events.filter((e) => e.type === 'timeline').map((e) => e.event)).toEqual(run.timeline);
    expect(events.at(-1)).toEqual({ type: 'report', report: ctx.report });
    // The outcomes all came before the run's last tick, and that before the report.
    const lastTick = events.findLastIndex((e) => e.type === 'tick');
    expect(events.findLastIndex((e) => e.type === 'outcomes')).toBeLessThan(lastTick);
  }, 30_000);
});
