import { describe, expect, it } from 'vitest';
import { DATA_PATH_ALLOWANCE_MS } from '../../src/metrics/diagnosis/window-rule.ts';
import type { TimelineEvent } from '../../src/timeline/types.ts';
import { causeOf, r, rollout, serving } from './diagnosis-fixture.ts';

const refused = (t: number, code = 'ECONNREFUSED') => r(t, code, { pod: '', fresh: true, conn: 40, ms: 1, stream: 'new-connection' });

describe('diagnosis: failures naming no pod, placed by time', () => {
  it('propagation-race: refused after the deletion, before the endpoint left the data path', () => {
    const c = causeOf(rollout(), [refused(12_500), refused(12_900)]);
    expect(c).toMatchObject({ cause: 'propagation-race', pod: 'web-old', count: 2 });
    expect(c.detail).toContain('before the endpoint left the data path (endpoint removed 1.0 s after deletion)');
  });

  it('propagation-race after removal, within the data path lag, for connects only; unknown beyond it', () => {
    const c = causeOf(rollout(), [refused(14_000, 'ECONNTIMEOUT')]);
    expect(c).toMatchObject({ cause: 'propagation-race', pod: 'web-old' });
    expect(c.detail).toContain('after endpoint removal (endpoint removed 1.0 s after deletion), within the data path lag');
    expect(causeOf(rollout(), [refused(13_000 + DATA_PATH_ALLOWANCE_MS + 100)]).cause).toBe('unknown');
    expect(causeOf(rollout(), [{ ...refused(13_500, 'ETIMEDOUT'), ms: 1000 }]).cause).toBe('unknown');
  });

  it('before any deletion a refused connection is unknown, naming the endpoints in service', () => {
    const c = causeOf(rollout(), [refused(11_000)]);
    expect(c).toMatchObject({ cause: 'unknown', pod: '' });
    expect(c.detail).toContain('while no pod was terminating or killed and 2 endpoint(s) were in service');
  });

  it('no-endpoints: refused while the Service had no endpoint in service, even during a deletion', () => {
    const lone: TimelineEvent[] = [
      ...serving('web-a'),
      { t: 12_000, kind: 'pod-deleted', pod: 'web-a' },
      { t: 12_500, kind: 'endpoint-removed', pod: 'web-a' },
      { t: 14_000, kind: 'endpoint-added', pod: 'web-b' },
    ];
    expect(causeOf(lone, [refused(12_200)]).cause).toBe('propagation-race');
    expect(causeOf(lone, [refused(13_000), refused(13_900)])).toMatchObject({ cause: 'no-endpoints', pod: '', count: 2 });
    expect(causeOf(lone, [refused(14_100)]).cause).toBe('propagation-race'); // after removal, within the lag, an endpoint in service
  });
});
