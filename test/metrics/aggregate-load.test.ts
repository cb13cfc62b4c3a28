import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readRequestLog } from '../../src/load/request-log.ts';
import { aggregateRecords } from '../../src/metrics/aggregate.ts';
import { verdictOf } from '../../src/metrics/verdict.ts';
import { phasesFromTimeline } from '../../src/timeline/phases.ts';
import { readTimeline } from '../../src/timeline/timeline-recorder.ts';
import { miniRun } from './mini-run.ts';

describe('aggregation and verdict on a real load run', () => {
  it('finds resets only in the disruption phase and calls the run lossy', async () => {
    const run = await miniRun('reset');
    const phases = phasesFromTimeline(await readTimeline(run.timelineFile));
    const stats = await aggregateRecords(readRequestLog(run.requestsFile), phases);
    const [base, dis, rec] = stats;
    expect(base.requests).toBeGreaterThan(5);
    expect(base.ok).toBe(base.requests);
    expect(dis.reset).toBeGreaterThan(0);
    expect(dis.ok + dis.reset).toBe(dis.requests);
    // every reset forces a reconnect: after each client's first reset, every request is fresh
    expect(dis.newConnections).toBeGreaterThanOrEqual(dis.reset - 4);
    expect(rec.requests).toBeGreaterThan(5);
    // a request that started in the disruption may still be reset just after it ended
    expect(rec.ok).toBeGreaterThanOrEqual(rec.requests - 4);
    expect(verdictOf(stats)).toBe('lossy');
    const total = stats.reduce((n, p) => n + p.requests, 0);
    expect(total).toBeLessThanOrEqual(run.serverRequests);
    await rm(run.dir, { recursive: true, force: true });
  });

  it('calls a run with no failure lossless', async () => {
    const run = await miniRun('none', 300);
    const stats = await aggregateRecords(readRequestLog(run.requestsFile), phasesFromTimeline(run.timeline));
    expect(stats.every((p) => p.requests > 0 && p.ok === p.requests)).toBe(true);
    expect(verdictOf(stats)).toBe('lossless');
    await rm(run.dir, { recursive: true, force: true });
  });
});
