import { describe, expect, it } from 'vitest';
import { classify } from '../../src/metrics/classify.ts';
import { PodFailureCounter } from '../../src/metrics/pod-failures.ts';
import { rec } from './records.ts';

describe('PodFailureCounter', () => {
  it('counts failed requests per pod, by outcome and stream, most failed first', () => {
    const c = new PodFailureCounter();
    const records = [
      rec(1, 'ECONNRESET', { pod: 'web-a' }),
      rec(2, 502, { pod: 'web-b' }),
      rec(3, 'ECONNRESET', { pod: 'web-b', stream: 'new-connection' }),
      rec(4, 'ECONNREFUSED', { pod: '', stream: 'new-connection' }),
      rec(5, 'ETIMEDOUT', { pod: 'web-b' }),
      rec(6, 200, { pod: 'web-c' }),
      rec(7, 404, { pod: 'web-c' }),
      rec(8, 'DROPPED'),
      rec(9, 'EMFILE', { pod: 'web-c' }),
    ];
    for (const r of records) c.add(r, classify(r.code));
    expect(c.result()).toEqual([
      { pod: 'web-b', failed: 3, byOutcome: { http5xx: 1, reset: 1, timeout: 1 }, byStream: { 'keep-alive': 2, 'new-connection': 1 } },
      { pod: '', failed: 1, byOutcome: { refused: 1 }, byStream: { 'new-connection': 1 } },
      { pod: 'web-a', failed: 1, byOutcome: { reset: 1 }, byStream: { 'keep-alive': 1 } },
    ]);
  });
});
