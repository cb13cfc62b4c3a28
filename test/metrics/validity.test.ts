import { describe, expect, it } from 'vitest';
import { aggregateRecords } from '../../src/metrics/aggregate.ts';
import type { StreamStats } from '../../src/metrics/types.ts';
import { ranToEnd, validityOf } from '../../src/metrics/validity.ts';
import { makePhases } from '../../src/timeline/phases.ts';
import type { TimelineEvent } from '../../src/timeline/types.ts';
import { PHASES_1S, rec } from './records.ts';

const ended: TimelineEvent[] = [
  { t: 1000, kind: 'phase', detail: 'baseline' },
  { t: 4000, kind: 'phase', detail: 'end' },
];
const plans = [
  { name: 'keep-alive' as const, rate: 10 },
  { name: 'new-connection' as const, rate: 10 },
];

/** 10 ok requests per stream and phase: exactly on target. */
function full(): ReturnType<typeof rec>[] {
  return [1000, 2000, 3000].flatMap((start) =>
    plans.flatMap((p) => Array.from({ length: 10 }, (_, i) => rec(start + i * 100, 200, { stream: p.name }))),
  );
}
const streamsOf = async (records: ReturnType<typeof rec>[]): Promise<StreamStats[]> =>
  (await aggregateRecords(records, PHASES_1S, plans)).streams;

describe('validityOf', () => {
  it('is valid for a full, clean, finished run', async () => {
    expect(validityOf(await streamsOf(full()), ended)).toEqual({ valid: true, reasons: [] });
  });

  it('flags a run that stopped early', async () => {
    const v = validityOf(await streamsOf(full()), ended.slice(0, 1));
    expect(v.valid).toBe(false);
    expect(v.reasons).toEqual([expect.stringMatching(/stopped early/)]);
    expect(ranToEnd(ended)).toBe(true);
  });

  it('flags a phase below 90 % of its target, naming the achieved and target rates', async () => {
    const records = full().filter((r) => !(r.stream === 'keep-alive' && r.t >= 2000 && r.t < 2200)); // 8 of 10
    const v = validityOf(await streamsOf(records), ended);
    expect(v.reasons).toEqual(['keep-alive disruption: achieved 8 of 10 req/s (8 of 10 target requests sent)']);
    const nine = full().filter((r) => !(r.stream === 'new-connection' && r.t === 3000)); // 9 of 10: 90 % is enough
    expect(validityOf(await streamsOf(nine), ended).valid).toBe(true);
  });

  it('lets a short phase miss one request (a slot at a boundary), not two', async () => {
    const phases = makePhases({ baseline: 1000, disruption: 1500, recovery: 2000, end: 2500 }); // 5 targeted per stream and phase
    const records = (skip: number) =>
      [1000, 1500, 2000].flatMap((start) =>
        plans.flatMap((p) =>
          Array.from({ length: start === 1500 && p.name === 'keep-alive' ? 5 - skip : 5 }, (_, i) =>
            rec(start + i * 100, 200, { stream: p.name }),
          ),
        ),
      );
    const v = async (skip: number) => validityOf((await aggregateRecords(records(skip), phases, plans)).streams, ended);
    expect((await v(1)).valid).toBe(true);
    expect((await v(2)).reasons).toEqual(['keep-alive disruption: achieved 6 of 10 req/s (3 of 5 target requests sent)']);
  });

  it('flags dropped slots', async () => {
    const v = validityOf(await streamsOf([...full(), rec(3500, 'DROPPED', { stream: 'new-connection' })]), ended);
    expect(v.reasons).toEqual(['new-connection recovery: 1 slot dropped: no connection free under the connection limit']);
  });

  it('flags a disruption without requests even when nothing was targeted', async () => {
    const records = full().filter((r) => r.stream === 'keep-alive' && (r.t < 2000 || r.t >= 3000));
    const v = validityOf((await aggregateRecords(records, PHASES_1S)).streams, ended); // no plans: rate 0, no targets
    expect(v.reasons).toEqual(['keep-alive disruption: no request completed (target 0): the disruption was not measured']);
  });

  it('flags baseline failures and client-side errors, not 4xx', async () => {
    const records = [
      ...full(),
      rec(1050, 'ECONNREFUSED', { stream: 'new-connection' }),
      rec(1060, 503),
      rec(1070, 404),
      rec(2050, 'EMFILE'),
      rec(3050, 'EMFILE', { stream: 'new-connection' }),
      rec(3060, 'EADDRNOTAVAIL'),
    ];
    const v = validityOf(await streamsOf(records), ended);
    expect(v.reasons).toEqual([
      "2 requests failed in baseline (keep-alive 1, new-connection 1): the app or the Service's data path to it was failing before the disruption, so the disruption's losses cannot be told apart",
      '3 client-side errors (EMFILE 2, EADDRNOTAVAIL 1): the load machine failed, not the app',
    ]);
  });

  it('flags an event-loop delay above the bound, from the load-health events', async () => {
    const health = (phase: string, p99: number): TimelineEvent => ({
      t: 2000,
      kind: 'load-health',
      detail: JSON.stringify({ phase, loopDelayP99Ms: p99, loopDelayMaxMs: p99 + 5, peakConnections: 3 }),
    });
    const v = validityOf(await streamsOf(full()), [
      ...ended,
      health('baseline', 200),
      health('disruption', 340),
      { t: 1, kind: 'load-health', detail: 'junk' },
    ]);
    expect(v.reasons).toEqual(['load process event-loop delay p99 340 ms in disruption (bound 200 ms)']);
  });

  it('flags a stall: the largest loop delay or send lag of a phase at 75 % of the request timeout or more', async () => {
    const health = (phase: string, maxMs: number, lag: number, loader?: string): TimelineEvent => ({
      t: 2000,
      kind: 'load-health',
      detail: JSON.stringify({
        phase,
        loopDelayP99Ms: 12,
        loopDelayMaxMs: maxMs,
        peakConnections: 3,
        sendLagMaxMs: lag,
        stallBoundMs: 1500,
        loader,
      }),
    });
    const v = validityOf(await streamsOf(full()), [
      ...ended,
      health('baseline', 1499, 1498),
      health('disruption', 2104, 2101.5),
      health('recovery', 30, 1500, 'zerodrop-load-1'),
      // an older timeline has no bound: nothing to judge by
      {
        t: 3000,
        kind: 'load-health',
        detail: JSON.stringify({ phase: 'recovery', loopDelayP99Ms: 1, loopDelayMaxMs: 5000, peakConnections: 1 }),
      },
    ]);
    expect(v.reasons).toEqual([
      "load process stalled in disruption: event-loop delay max 2104 ms, send lag max 2101.5 ms (bound 1500 ms, 75 % of the request timeout): answers and timeouts were read late, the harness's trouble and not the app's",
      "load pod zerodrop-load-1 stalled in recovery: event-loop delay max 30 ms, send lag max 1500 ms (bound 1500 ms, 75 % of the request timeout): answers and timeouts were read late, the harness's trouble and not the app's",
    ]);
  });
});

describe('validityOf: the control stream', () => {
  const control = (phase: string, requests: number, failed: number, codes: Record<string, number> = {}): TimelineEvent => ({
    t: 3500,
    kind: 'control',
    detail: JSON.stringify({ phase, requests, failed, codes }),
  });

  it('stays valid when every control request succeeded', async () => {
    const events = [...ended, control('baseline', 5, 0), control('disruption', 5, 0), control('recovery', 5, 0)];
    expect(validityOf(await streamsOf(full()), events)).toEqual({ valid: true, reasons: [] });
  });

  it('is invalid when a control request failed, naming the phase, the codes and that the harness or network failed', async () => {
    const events = [...ended, control('baseline', 5, 0), control('disruption', 5, 2, { ECONNREFUSED: 1, 503: 1 })];
    const v = validityOf(await streamsOf(full()), events);
    expect(v.valid).toBe(false);
    expect(v.reasons).toEqual([
      'control backend: 2 of 5 control requests failed in disruption (503 1, ECONNREFUSED 1): the harness or network failed, not the app',
    ]);
  });
});
