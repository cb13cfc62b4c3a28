import { describe, expect, it } from 'vitest';
import { answers, causeOf, r, rollout } from './diagnosis-fixture.ts';

/** web-old kept answering kept-alive connection 7 after SIGTERM (15 s); the request in flight at SIGKILL (17 s) was reset. */
const pinned = () => [...answers(14_000, 16_900), r(16_990, 'ECONNRESET', { conn: 7, ms: 15 })];
/** A 3 s request sent before SIGTERM on connection 8, whose previous answer ended before it, reset at SIGKILL. */
const slow = () => [r(13_000, 200, { conn: 8, ms: 900 }), r(14_000, 'ECONNRESET', { conn: 8, ms: 3005 })];

describe('diagnosis: requests lost at SIGKILL', () => {
  it('sigterm-ignored: no readiness failure between SIGTERM and the kill', () => {
    const c = causeOf(rollout(), pinned());
    expect(c).toMatchObject({ cause: 'sigterm-ignored', pod: 'web-old', count: 1 });
    expect(c.detail).toContain('SIGKILL 5.0 s after deletion');
    expect(c.detail).toContain('no readiness failure in the 2.0 s from SIGTERM to the kill');
    expect(c.detail).toContain('pod web-old still answered a request sent 1.9 s after SIGTERM');
  });

  it('keepalive-not-closed: the same records, but the pod failed readiness after SIGTERM', () => {
    const c = causeOf(rollout({ reactedAt: 15_600 }), pinned());
    expect(c).toMatchObject({ cause: 'keepalive-not-closed', pod: 'web-old' });
    expect(c.detail).toContain('a readiness probe failed 0.6 s after SIGTERM');
  });

  it('a readiness failure after the kill is no reaction: still sigterm-ignored', () => {
    expect(causeOf(rollout({ reactedAt: 17_005 }), pinned()).cause).toBe('sigterm-ignored');
  });

  it('grace-exceeded: the pod reacted, the request was sent before SIGTERM and its connection was not answered after it', () => {
    const c = causeOf(rollout({ reactedAt: 15_600 }), slow());
    expect(c).toMatchObject({ cause: 'grace-exceeded', pod: 'web-old' });
    expect(c.detail).toMatch(/^sent before SIGTERM, still unanswered at SIGKILL 5\.0 s after deletion, 2\.0 s after SIGTERM/);
    // without the reaction, and with no answer from the pod after SIGTERM, nothing shows SIGTERM was ignored
    expect(causeOf(rollout(), slow()).cause).toBe('unknown');
  });

  it('a connection reused after SIGTERM only once (idle at SIGTERM) is no proof of a missing Connection: close', () => {
    const records = [r(14_500, 200, { conn: 9, ms: 10 }), r(15_100, 'ECONNRESET', { conn: 9, ms: 1905 })];
    expect(causeOf(rollout({ reactedAt: 15_600 }), records)).toMatchObject({ cause: 'grace-exceeded' });
  });

  it('a request naming no pod (a fresh connection) is laid on the pod killed as it ended', () => {
    const fresh = r(14_000, 'ECONNRESET', { pod: '', fresh: true, conn: 20, ms: 3004, stream: 'new-connection' });
    expect(causeOf(rollout({ reactedAt: 15_600 }), [fresh])).toMatchObject({ cause: 'grace-exceeded', pod: 'web-old' });
    // ended 2 s after the kill: not at it
    const late = { ...fresh, ms: 5000 };
    expect(causeOf(rollout({ reactedAt: 15_600 }), [late]).cause).not.toBe('grace-exceeded');
  });

  it('a reset on a pod that was never deleted is unknown, and says so', () => {
    const c = causeOf(rollout(), [r(20_000, 'ECONNRESET', { pod: 'web-stay' })]);
    expect(c).toMatchObject({ cause: 'unknown', pod: 'web-stay' });
    expect(c.detail).toContain('not terminating (no deletion in the timeline)');
  });
});
