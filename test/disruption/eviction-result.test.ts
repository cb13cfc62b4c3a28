import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { evictionResult } from '../../src/cluster/kube/eviction-result.ts';

const PDB = "Cannot evict pod as it would violate the pod's disruption budget.";
const status = (code: number, message: string, extra: object = {}) =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, message, ...extra });

describe('eviction answers, as kubectl drain reads them', () => {
  it('a 429 naming a DisruptionBudget cause is a budget wait', () => {
    const err = new ApiException(
      429,
      'x',
      status(429, PDB, { reason: 'TooManyRequests', details: { causes: [{ reason: 'DisruptionBudget', message: 'needs 1' }] } }),
      {},
    );
    expect(evictionResult(err)).toEqual({ ok: false, status: 429, reason: PDB });
  });

  it('a 429 from API throttling honours Retry-After and is not a budget wait', () => {
    const err = new ApiException(429, 'x', status(429, 'Too many requests, please try again later.', { reason: 'TooManyRequests' }), {
      'retry-after': '3',
    });
    expect(evictionResult(err)).toEqual({
      ok: false,
      status: 429,
      reason: 'Too many requests, please try again later.',
      throttled: { retryAfterMs: 3000 },
    });
    const noHeader = new ApiException(429, 'x', status(429, 'Too many requests'), {});
    expect(evictionResult(noHeader)).toMatchObject({ throttled: { retryAfterMs: 1000 } });
  });

  it('a 404 means the pod is already gone: done', () => {
    expect(evictionResult(new ApiException(404, 'x', status(404, 'pods "a" not found'), {}))).toEqual({ ok: true, gone: true });
  });

  it('rethrows anything else', () => {
    const err = new ApiException(500, 'x', status(500, 'etcd is sad'), {});
    expect(() => evictionResult(err)).toThrow(err);
  });
});
