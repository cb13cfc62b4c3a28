import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../src/timeline/types.ts';
import { answers, causeOf, diagnose, r, rollout, serving } from './diagnosis-fixture.ts';

/**
 * Causes from positive evidence only. web-old (fixture: SIGTERM 15 s, SIGKILL at its deadline 17 s)
 * answers kept-alive connection 7 until `lastSent`, and a long request on connection 8 is reset at
 * the kill.
 */
const lostAtKill = (lastSent: number) => [...answers(14_000, lastSent), r(14_500, 'ECONNRESET', { conn: 8, ms: 2500 })];
const SAW_OR_IGNORED = 'a sign that pod web-old saw SIGTERM (a readiness failure or the pod turning unready before the kill)';

describe('diagnosis: sigterm-ignored needs the pod serving on past SIGTERM', () => {
  it('an app with no readiness probe that stopped serving at SIGTERM: unknown, naming what is missing', () => {
    const [d] = diagnose(rollout(), lostAtKill(15_000));
    expect(d).toMatchObject({ cause: 'unknown', count: 1, pods: ['web-old'] });
    expect(d.evidence[0].missing).toContain(SAW_OR_IGNORED);
    expect(d.evidence[0].missing).toContain('an answer to a request sent 1.0 s or more after SIGTERM');
    expect(d.missing).toEqual([d.evidence[0].missing]);
    expect(d.evidence[0].detail).toContain('pod web-old answered no request sent 1.0 s or more after SIGTERM');
  });

  it('a probe period longer than the window (its failure comes after the kill): unknown', () => {
    const c = causeOf(rollout({ reactedAt: 17_500 }), lostAtKill(15_000));
    expect(c).toMatchObject({ cause: 'unknown', pod: 'web-old' });
  });

  it('a readiness endpoint that does not change on SIGTERM, the app answering only within the margin: unknown', () => {
    const c = causeOf(rollout(), lostAtKill(15_900));
    expect(c).toMatchObject({ cause: 'unknown', pod: 'web-old' });
  });

  it('a genuine ignored SIGTERM: answers to requests sent past SIGTERM + 1 s and the kill at the deadline', () => {
    const list = diagnose(rollout(), lostAtKill(16_900));
    expect(list.map((d) => [d.cause, d.count, d.missing])).toEqual([['sigterm-ignored', 1, undefined]]);
    expect(list[0].evidence[0].detail).toContain('at the grace deadline');
    expect(list[0].evidence[0].detail).toContain('still answered a request sent 1.9 s after SIGTERM');
    // the answers may come after the loss in the log: the whole run is weighed
    expect(causeOf(rollout(), [...lostAtKill(15_000).slice(-1), ...answers(16_000, 16_500)]).cause).toBe('sigterm-ignored');
  });

  it('a kill not known to be at the grace deadline (exit 137 seen before it, e.g. OOM): unknown', () => {
    const oom = rollout().map((e) => (e.kind === 'sigkill' ? { ...e, detail: 'container app exited 137 (SIGKILL), OOMKilled' } : e));
    const c = diagnose(oom, lostAtKill(16_900))[0];
    expect(c).toMatchObject({
      cause: 'unknown',
      missing: ["the SIGKILL at pod web-old's grace deadline (an exit 137 seen before the deadline may be an OOM kill)"],
    });
  });

  it('a kill with no SIGTERM time (no deletion, no preStop, no sigterm event): unknown', () => {
    const killed: TimelineEvent[] = [...serving('web-x'), { t: 17_000, kind: 'sigkill', pod: 'web-x' }];
    const [d] = diagnose(killed, [r(16_990, 'ECONNRESET', { pod: 'web-x', ms: 15 })]);
    expect(d).toMatchObject({ cause: 'unknown', missing: ['the SIGTERM time of pod web-x'] });
  });
});

describe('diagnosis: propagation-race needs the recorded endpoint removal', () => {
  it('a refused connect after a deletion whose endpoint removal was never recorded: unknown, naming it', () => {
    const noRemoval = rollout().filter((e) => e.kind !== 'endpoint-removed');
    const refused = r(12_500, 'ECONNREFUSED', { pod: '', fresh: true, conn: 40, ms: 1, stream: 'new-connection' });
    const [d] = diagnose(noRemoval, [refused]);
    expect(d).toMatchObject({
      cause: 'unknown',
      pods: ['web-old'],
      missing: ['the endpoint removal of pod web-old (an endpoint-removed event)'],
    });
    expect(causeOf(rollout(), [refused]).cause).toBe('propagation-race');
  });
});
