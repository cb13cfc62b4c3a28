import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readRequestLog, readRequestLogHeader } from '../../src/load/request-log.ts';
import { aggregateRecords } from '../../src/metrics/aggregate.ts';
import { validityOf } from '../../src/metrics/validity.ts';
import { verdictOf } from '../../src/metrics/verdict.ts';
import { phasesFromTimeline } from '../../src/timeline/phases.ts';
import { readTimeline } from '../../src/timeline/timeline-recorder.ts';
import { miniRun } from './mini-run.ts';

async function measure(run: Awaited<ReturnType<typeof miniRun>>) {
  const events = await readTimeline(run.timelineFile);
  const { streams: plans } = await readRequestLogHeader(run.requestsFile);
  const stats = await aggregateRecords(readRequestLog(run.requestsFile), phasesFromTimeline(events), plans);
  const validity = validityOf(stats.streams, events);
  return { ...stats, validity, verdict: verdictOf(stats.streams, validity) };
}

describe('aggregation and verdict on a real load run', () => {
  it('finds resets on both streams in the disruption phase and calls the run lossy', async () => {
    const run = await miniRun('reset', 500);
    const m = await measure(run);
    expect(m.streams.map((s) => s.name)).toEqual(['keep-alive', 'new-connection']);
    for (const s of m.streams) {
      const [base, dis, rec] = s.phases;
      expect(base.requests).toBeGreaterThan(5);
      expect(base.ok).toBe(base.requests);
      expect(dis.reset).toBeGreaterThan(0);
      expect(dis.ok + dis.reset).toBe(dis.requests);
      expect(dis.disruptionSeconds).toBeGreaterThan(0);
      expect(rec.requests).toBeGreaterThan(5);
      expect(base.targetRequests).toBeGreaterThan(0);
    }
    // the new-connection stream opens a connection for every request
    const nc = m.streams[1].phases;
    expect(nc.every((p) => p.newConnections === p.requests)).toBe(true);
    expect(m.validity).toEqual({ valid: true, reasons: [] });
    expect(m.verdict).toBe('lossy');
    const total = m.phases.reduce((n, p) => n + p.requests, 0);
    expect(total).toBeLessThanOrEqual(run.serverRequests);
    await rm(run.dir, { recursive: true, force: true });
  }, 30_000);

  it('calls a run with no failure lossless', async () => {
    const run = await miniRun('none', 400);
    const m = await measure(run);
    expect(m.phases.every((p) => p.requests > 0 && p.ok === p.requests && p.disruptionSeconds === 0)).toBe(true);
    expect(m.verdict).toBe('lossless');
    await rm(run.dir, { recursive: true, force: true });
  }, 30_000);
});
