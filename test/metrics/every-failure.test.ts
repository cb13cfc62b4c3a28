import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failedRequests } from '../../src/metrics/aggregate.ts';
import { buildScenarioRun } from '../../src/metrics/result/build-report.ts';
import { FAILURE_OUTCOMES } from '../../src/metrics/types.ts';
import type { TimelineEvent } from '../../src/timeline/types.ts';
import { rec } from './records.ts';
import { phaseEvents, writeSyntheticRun } from './synthetic-run.ts';

/** Phases 1000 / 2000 / 3000 / end 4000; web-old deleted at 2100, endpoint removed at 2300, SIGKILL at 3000. */
const timeline: TimelineEvent[] = [
  ...phaseEvents(),
  { t: 500, kind: 'pod-ready', pod: 'web-old' },
  { t: 500, kind: 'endpoint-added', pod: 'web-old' },
  { t: 500, kind: 'pod-ready', pod: 'web-new' },
  { t: 500, kind: 'endpoint-added', pod: 'web-new' },
  { t: 2100, kind: 'pod-deleted', pod: 'web-old' },
  { t: 2300, kind: 'endpoint-removed', pod: 'web-old' },
  { t: 2400, kind: 'sigterm', pod: 'web-old' },
  { t: 3000, kind: 'sigkill', pod: 'web-old' },
];

describe('every failure explained (the phase rule)', () => {
  it('diagnosis, failures per pod and timeline buckets total the failed requests, failures in flight at the end included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zd-every-'));
    const records = [
      ...Array.from({ length: 30 }, (_, i) => rec(1000 + i * 100, 200, { pod: i % 2 ? 'web-new' : 'web-old' })),
      rec(2200, 'ECONNREFUSED', { pod: '', fresh: true, stream: 'new-connection' }),
      rec(2500, 'ECONNRESET', { pod: 'web-old', ms: 500 }),
      rec(2600, 503, { pod: 'web-new', ms: 5 }),
      // in flight when sending stopped: they end after the end of recovery (4000)
      rec(3800, 'ETIMEDOUT', { pod: 'web-new', ms: 1000 }),
      rec(3900, 'ECONNRESET', { pod: 'web-new', ms: 300 }),
      rec(3950, 'ECONNREFUSED', { pod: '', fresh: true, ms: 200, stream: 'new-connection' }),
    ];
    const streams = [
      { name: 'keep-alive' as const, rate: 10 },
      { name: 'new-connection' as const, rate: 10 },
    ];
    const files = await writeSyntheticRun(dir, streams, records, timeline);
    const run = await buildScenarioRun({ iteration: 1, ...files }, dir);
    const failed = run.phases.reduce((n, p) => n + failedRequests(p), 0);
    expect(failed).toBe(6);
    expect(run.verdict).not.toBe('lossless');
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum((run.diagnosis ?? []).map((d) => d.count))).toBe(failed);
    expect(sum(run.failuresByPod.map((p) => p.failed))).toBe(failed);
    expect(sum(FAILURE_OUTCOMES.map((o) => sum(run.buckets.counts[o] ?? [])))).toBe(failed);
    const lastFailed = sum(FAILURE_OUTCOMES.map((o) => run.buckets.counts[o]?.at(-1) ?? 0));
    expect(lastFailed).toBe(3);
  });
});
