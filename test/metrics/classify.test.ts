import { describe, expect, it } from 'vitest';
import { CLIENT_ERROR_CODES } from '../../src/load/codes.ts';
import { classify, httpStatus, isFailure } from '../../src/metrics/classify.ts';
import { FAILURE_OUTCOMES, OUTCOMES } from '../../src/metrics/types.ts';

describe('classify', () => {
  it('maps HTTP statuses by class', () => {
    expect(classify(200)).toBe('ok');
    expect(classify(204)).toBe('ok');
    expect(classify(301)).toBe('ok');
    expect(classify(404)).toBe('http4xx');
    expect(classify(429)).toBe('http4xxFailed');
    expect(classify(408)).toBe('http4xxFailed');
    expect(classify(425)).toBe('http4xxFailed');
    expect(classify(500)).toBe('http5xx');
    expect(classify(503)).toBe('http5xx');
    expect(classify('502')).toBe('http5xx');
    expect(classify(101)).toBe('other');
    expect(httpStatus('502')).toBe(502);
    expect(httpStatus('ECONNRESET')).toBeUndefined();
  });
  it('maps error codes', () => {
    expect(classify('ECONNRESET')).toBe('reset');
    expect(classify('EPIPE')).toBe('reset');
    expect(classify('ECONNREFUSED')).toBe('refused');
    expect(classify('ETIMEDOUT')).toBe('timeout');
    expect(classify('ECONNTIMEOUT')).toBe('timeout');
    expect(classify('UND_ERR_HEADERS_TIMEOUT')).toBe('timeout');
    expect(classify('EHOSTUNREACH')).toBe('other');
    expect(classify('')).toBe('other');
  });
  it('maps the harness codes: dropped slots, client-side errors, parse errors', () => {
    expect(classify('DROPPED')).toBe('dropped');
    for (const c of CLIENT_ERROR_CODES) expect(classify(c)).toBe('client');
    expect(classify('EMFILE')).toBe('client');
    expect(classify('EADDRNOTAVAIL')).toBe('client');
    expect(classify('HPE_INVALID_CONSTANT')).toBe('malformed');
    expect(classify('HPE_UNEXPECTED_CONTENT_LENGTH')).toBe('malformed');
  });
  it('counts app failures only: not ok, 4xx, dropped slots or client errors', () => {
    for (const o of ['ok', 'http4xx', 'dropped', 'client'] as const) expect(isFailure(o)).toBe(false);
    for (const o of ['http5xx', 'reset', 'refused', 'timeout', 'malformed', 'other'] as const) expect(isFailure(o)).toBe(true);
    expect(OUTCOMES.filter(isFailure)).toEqual(FAILURE_OUTCOMES);
  });
});
