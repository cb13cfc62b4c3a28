import { describe, expect, it } from 'vitest';
import { aggregateRecords } from '../../src/metrics/aggregate.ts';
import type { StreamStats, Validity } from '../../src/metrics/types.ts';
import { scenarioVerdict, verdictMet, verdictOf } from '../../src/metrics/verdict.ts';
import { PHASES_1S, rec } from './records.ts';

const valid: Validity = { valid: true, reasons: [] };
const invalid: Validity = { valid: false, reasons: ['keep-alive disruption: 1 slot dropped', 'the run stopped early'] };
const streams = async (...records: ReturnType<typeof rec>[]): Promise<StreamStats[]> =>
  (await aggregateRecords(records, PHASES_1S)).streams;

describe('verdictOf', () => {
  it('is lossy when either stream failed a request in disruption or recovery', async () => {
    expect(verdictOf(await streams(rec(2500, 200), rec(2600, 'ECONNREFUSED', { stream: 'new-connection' })), valid)).toBe('lossy');
    expect(verdictOf(await streams(rec(3500, 'ECONNRESET')), valid)).toBe('lossy');
    expect(verdictOf(await streams(rec(2500, 'HPE_INVALID_CONSTANT')), valid)).toBe('lossy');
  });
  it('is lossless without failures there; baseline failures, 4xx, dropped and client errors do not make it lossy', async () => {
    expect(
      verdictOf(await streams(rec(1500, 'ECONNRESET'), rec(2500, 404), rec(2600, 'DROPPED'), rec(2700, 'EMFILE'), rec(3500, 200)), valid),
    ).toBe('lossless');
  });
  it('is invalid whenever the measurement is, lossy or not', async () => {
    expect(verdictOf(await streams(rec(2500, 'ECONNRESET')), invalid)).toBe('invalid');
    expect(verdictOf(await streams(rec(2500, 200)), invalid)).toBe('invalid');
  });
});

describe('verdictMet', () => {
  it('treats expected any as met by lossless and lossy, never by invalid', () => {
    expect(verdictMet('lossy', 'any')).toBe(true);
    expect(verdictMet('lossless', 'any')).toBe(true);
    expect(verdictMet('invalid', 'any')).toBe(false);
    expect(verdictMet('invalid', 'lossless')).toBe(false);
    expect(verdictMet('lossy', 'lossless')).toBe(false);
    expect(verdictMet('lossless', 'lossless')).toBe(true);
  });
});

describe('scenarioVerdict', () => {
  const run = (iteration: number, verdict: 'lossless' | 'lossy' | 'invalid') => ({
    iteration,
    verdict,
    validity: verdict === 'invalid' ? invalid : valid,
  });
  it('is lossy if any run is, flaky when valid runs disagree', () => {
    expect(scenarioVerdict([run(1, 'lossy'), run(2, 'lossless')], 'lossy')).toEqual({
      verdict: 'lossy',
      invalidReasons: [],
      met: true,
      flaky: true,
    });
    expect(scenarioVerdict([run(1, 'lossless'), run(2, 'lossless')], 'lossy')).toEqual({
      verdict: 'lossless',
      invalidReasons: [],
      met: false,
      flaky: false,
    });
  });
  it("is invalid if any run is, with that run's reasons, and never met", () => {
    expect(scenarioVerdict([run(1, 'lossy'), run(2, 'invalid'), run(3, 'lossy')], 'any')).toEqual({
      verdict: 'invalid',
      met: false,
      flaky: false,
      invalidReasons: ['run #2: keep-alive disruption: 1 slot dropped', 'run #2: the run stopped early'],
    });
    expect(scenarioVerdict([run(1, 'lossy'), run(2, 'invalid'), run(3, 'lossless')], 'lossy').flaky).toBe(true);
  });
});
