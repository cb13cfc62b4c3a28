import { describe, expect, it } from 'vitest';
import { classify, isFailure } from '../../src/metrics/classify.ts';

describe('classify', () => {
  it('maps HTTP statuses by class', () => {
    expect(classify(200)).toBe('ok');
    expect(classify(204)).toBe('ok');
    expect(classify(301)).toBe('ok');
    expect(classify(404)).toBe('http4xx');
    expect(classify(429)).toBe('http4xx');
    expect(classify(500)).toBe('http5xx');
    expect(classify(503)).toBe('http5xx');
    expect(classify('502')).toBe('http5xx');
    expect(classify(101)).toBe('other');
  });
  it('maps error codes', () => {
    expect(classify('ECONNRESET')).toBe('reset');
    expect(classify('EPIPE')).toBe('reset');
    expect(classify('ECONNREFUSED')).toBe('refused');
    expect(classify('ETIMEDOUT')).toBe('timeout');
    expect(classify('UND_ERR_HEADERS_TIMEOUT')).toBe('timeout');
    expect(classify('EHOSTUNREACH')).toBe('other');
    expect(classify('')).toBe('other');
  });
  it('counts 4xx as not failed', () => {
    expect(isFailure('ok')).toBe(false);
    expect(isFailure('http4xx')).toBe(false);
    for (const o of ['http5xx', 'reset', 'refused', 'timeout', 'other'] as const) expect(isFailure(o)).toBe(true);
  });
});
