import { describe, expect, it } from 'vitest';
import { CAUSE_INFO, MAX_EVIDENCE, mergeDiagnoses } from '../../src/metrics/diagnosis/causes.ts';
import { EndpointCount, podHistories } from '../../src/metrics/diagnosis/pod-history.ts';
import type { TimelineEvent } from '../../src/timeline/types.ts';
import { diagnose, r, rollout } from './diagnosis-fixture.ts';

const refused = (t: number) => r(t, 'ECONNREFUSED', { pod: '', fresh: true, conn: 0, ms: 1, stream: 'new-connection' });

describe('DiagnosisTracker', () => {
  it('one entry per cause, most requests first, with pods, fix and evidence; ok records count nothing, failures in flight at the end count (the phase rule)', () => {
    const fromNew = (t: number) => r(t, 503, { pod: 'web-new', conn: 30 });
    const list = diagnose(rollout(), [
      refused(12_100),
      refused(12_200),
      refused(12_300),
      fromNew(16_500),
      r(20_000, 200, { pod: 'web-stay' }),
      refused(40_500), // ended after the end of the run: counted in recovery, by the phase rule
    ]);
    expect(list.map((d) => [d.cause, d.count, d.pods])).toEqual([
      ['propagation-race', 3, ['web-old']],
      ['not-ready', 1, ['web-new']],
      ['unknown', 1, []],
    ]);
    expect(list[2].missing).toEqual(['a pod deleted or killed, or no endpoint in service, when it was sent']);
    expect(list[0].fix).toBe(CAUSE_INFO['propagation-race'].fix);
    expect(list[0].evidence).toEqual([
      { pod: 'web-old', count: 3, from: 12_100, to: 12_301, detail: expect.stringContaining('before the endpoint left') },
    ]);
    expect(diagnose(rollout(), [r(20_000, 200, { pod: 'web-stay' })])).toEqual([]);
  });

  it('keeps one group per cause, pod and reason however many requests (bounded memory), and caps the evidence listed', () => {
    const many = Array.from({ length: 5000 }, (_, i) => refused(12_000 + (i % 900)));
    const [d] = diagnose(rollout(), many);
    expect(d).toMatchObject({ cause: 'propagation-race', count: 5000 });
    expect(d.evidence).toHaveLength(1);
    const pods = Array.from({ length: 8 }, (_, i) => r(20_000, 'ECONNRESET', { pod: `web-x${i}` }));
    const [u] = diagnose(rollout(), pods);
    expect(u).toMatchObject({ cause: 'unknown', count: 8 });
    expect(u.evidence).toHaveLength(MAX_EVIDENCE);
  });

  it('merges runs: counts add per cause, evidence names its run, the order follows the totals', () => {
    const a = diagnose(rollout(), [refused(12_100), r(16_500, 503, { pod: 'web-new', conn: 30 })]);
    const b = diagnose(rollout(), [r(16_500, 503, { pod: 'web-new', conn: 30 }), r(16_600, 503, { pod: 'web-new', conn: 30 })]);
    const merged = mergeDiagnoses([
      { run: 1, diagnosis: a },
      { run: 2, diagnosis: b },
    ]);
    expect(merged.map((d) => [d.cause, d.count])).toEqual([
      ['not-ready', 3],
      ['propagation-race', 1],
    ]);
    expect(merged[0].evidence.map((e) => [e.run, e.count])).toEqual([
      [2, 2],
      [1, 1],
    ]);
  });
});

describe('pod histories from the timeline', () => {
  it('SIGTERM from its event, else the end of preStop, else the deletion; the reaction only between SIGTERM and the kill', () => {
    const h = podHistories(rollout({ reactedAt: 15_600 })).get('web-old')!;
    expect(h).toMatchObject({
      deletedAt: 12_000,
      sigtermAt: 15_000,
      sigtermFrom: 'event',
      killedAt: 17_000,
      exitAt: 17_010,
      exitCode: '137',
      endpointRemovedAt: 13_000,
    });
    expect(h.reacted).toEqual({ t: 15_600, how: 'a readiness probe failed' });
    const noSigterm = rollout().filter((e) => e.kind !== 'sigterm');
    expect(podHistories(noSigterm).get('web-old')).toMatchObject({ sigtermAt: 15_000, sigtermFrom: 'prestop-end' });
    const noHook = noSigterm.filter((e) => !e.kind.startsWith('prestop'));
    expect(podHistories(noHook).get('web-old')).toMatchObject({ sigtermAt: 12_000, sigtermFrom: 'deletion' });
    const inferred = rollout().map((e) => (e.kind === 'sigterm' ? { ...e, detail: 'inferred: deletion + preStop sleep 3s' } : e));
    expect(podHistories(inferred).get('web-old')?.sigtermFrom).toBe('inferred');
    // a readiness failure while preStop runs is before SIGTERM: no reaction
    expect(podHistories(rollout({ reactedAt: 14_000 })).get('web-old')?.reacted).toBeUndefined();
    const fresh = podHistories(rollout()).get('web-new')!;
    expect([fresh.readyAt, fresh.deletedAt, fresh.sigtermAt, fresh.killedAt]).toEqual([16_000, undefined, undefined, undefined]);
  });

  it('counts the endpoints in service over time', () => {
    const events: TimelineEvent[] = [
      { t: 100, kind: 'endpoint-added', pod: 'a' },
      { t: 200, kind: 'endpoint-added', pod: 'b' },
      { t: 200, kind: 'endpoint-added', pod: 'b' },
      { t: 300, kind: 'endpoint-removed', pod: 'a' },
      { t: 400, kind: 'endpoint-removed', pod: 'b' },
    ];
    const n = new EndpointCount(events);
    expect([50, 100, 250, 300, 350, 450].map((t) => n.at(t))).toEqual([undefined, 1, 2, 1, 1, 0]);
  });
});
