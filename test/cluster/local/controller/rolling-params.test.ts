import { describe, expect, it } from 'vitest';
import { ZerodropError } from '../../../../src/errors/zerodrop-error.ts';
import { rollingParams } from '../../../../src/k8s/rolling-params.ts';
import { type FixtureOptions, fixtureScenario } from './fixtures.ts';

const params = (o: FixtureOptions) => rollingParams(fixtureScenario(o).manifests.deployment, 'k8s.yaml');

describe('rollingParams', () => {
  it('defaults to 25% surge rounded up and 25% unavailable rounded down', () => {
    expect(params({ replicas: 10 })).toMatchObject({ replicas: 10, maxSurge: 3, maxUnavailable: 2 });
    expect(params({ replicas: 1 })).toMatchObject({ maxSurge: 1, maxUnavailable: 0 });
  });

  it('takes integers and percentages', () => {
    expect(params({ replicas: 4, maxSurge: '50%', maxUnavailable: 1 })).toMatchObject({ maxSurge: 2, maxUnavailable: 1 });
    expect(params({ replicas: 3, minReadySeconds: 2 })).toMatchObject({ minReadyMs: 2000 });
  });

  it('rejects both 0, and bumps maxUnavailable to 1 when only rounding made both 0', () => {
    expect(() => params({ maxSurge: 0, maxUnavailable: '0%' })).toThrow(/may not both be 0/);
    expect(params({ replicas: 5, maxSurge: 0, maxUnavailable: '10%' })).toMatchObject({ maxSurge: 0, maxUnavailable: 1 });
  });

  it('names file and field for a malformed value', () => {
    try {
      params({ maxSurge: 'lots' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ZerodropError);
      expect((e as ZerodropError).file).toBe('k8s.yaml');
      expect((e as ZerodropError).field).toBe('spec.strategy.rollingUpdate.maxSurge');
    }
  });
});
