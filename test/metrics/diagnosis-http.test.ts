import { describe, expect, it } from 'vitest';
import { causeOf, r, rollout } from './diagnosis-fixture.ts';

const fromNew = (t: number, code: number) => r(t, code, { pod: 'web-new', conn: 30 });

describe('diagnosis: 5xx answers', () => {
  it('not-ready: 503 from a pod after it became Ready, before its first 2xx', () => {
    const c = causeOf(rollout(), [fromNew(16_500, 503), fromNew(16_600, 503), fromNew(18_000, 200)]);
    expect(c).toMatchObject({ cause: 'not-ready', pod: 'web-new', count: 2 });
    expect(c.detail).toBe('HTTP 503 after the pod became Ready, before it first answered 2xx');
  });

  it('a 503 after the pod had answered 2xx is unknown: it served, then failed', () => {
    const c = causeOf(rollout(), [fromNew(16_200, 200), fromNew(16_500, 503)]);
    expect(c).toMatchObject({ cause: 'unknown', pod: 'web-new' });
    expect(c.detail).toContain('after it had answered 2xx');
  });

  it('a 503 from a pod not yet Ready, or from a deleted pod, or from a pod the timeline never named is unknown', () => {
    expect(causeOf(rollout(), [fromNew(14_000, 503)]).detail).toContain('while it was not Ready');
    expect(causeOf(rollout(), [r(12_500, 503)]).detail).toContain('after its deletion');
    expect(causeOf(rollout(), [r(12_500, 503, { pod: 'ghost' })]).detail).toBe('HTTP 503 from pod ghost, which has no timeline event');
  });

  it('a 503 naming no pod is laid by time on the pod that had newly become Ready', () => {
    expect(causeOf(rollout(), [r(16_500, 503, { pod: '' })])).toMatchObject({ cause: 'not-ready', pod: 'web-new' });
    expect(causeOf(rollout(), [r(14_000, 503, { pod: '' })])).toMatchObject({ cause: 'unknown', pod: '' });
  });

  it('a failure before the disruption is unknown: failure before any disruption', () => {
    expect(causeOf(rollout(), [r(5000, 503, { pod: 'web-stay' })])).toMatchObject({
      cause: 'unknown',
      detail: 'failure before any disruption',
    });
  });
});
