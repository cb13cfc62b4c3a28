import { describe, expect, it } from 'vitest';
import type { ZerodropError } from '../../src/errors/index.ts';
import { DEFAULT_LOAD, resolveLoadPlan, sharePlan } from '../../src/load/index.ts';

const errorOf = (f: () => unknown): ZerodropError => {
  try {
    f();
  } catch (err) {
    return err as ZerodropError;
  }
  throw new Error('did not throw');
};

describe('load plan', () => {
  it('splits the rate over the streams and fills in the default connection limit', () => {
    const plan = resolveLoadPlan({ ...DEFAULT_LOAD, rate: 250, keepAlivePercent: 30 });
    expect(plan.streams).toEqual([
      { name: 'keep-alive', rate: 75 },
      { name: 'new-connection', rate: 175 },
    ]);
    expect(plan.maxConnections).toBe(629); // 250/s x 2 s x 1.25 + 4
    expect(plan).toMatchObject({ timeoutMs: 2000, reconnectEvery: 0, settings: { rate: 250, maxConnections: 0 } });
    expect(resolveLoadPlan({ ...DEFAULT_LOAD, maxConnections: 7 }).maxConnections).toBe(7);
    expect(resolveLoadPlan({ ...DEFAULT_LOAD, keepAlivePercent: 100 }).streams).toEqual([{ name: 'keep-alive', rate: 100 }]);
  });

  it('puts the flags given on top of the file and names the one that set a bad value', () => {
    const plan = resolveLoadPlan(DEFAULT_LOAD, { file: 'x.yaml', overrides: { rate: 40, timeoutMs: undefined } });
    expect(plan.settings).toMatchObject({ rate: 40, timeoutMs: 2000 });
    const flag = errorOf(() => resolveLoadPlan(DEFAULT_LOAD, { file: 'x.yaml', overrides: { rate: 0 } }));
    expect(flag.message).toContain('must be a number between 1 and 100000, got 0');
    expect(flag.field).toBe('--rate');
    const file = errorOf(() => resolveLoadPlan({ ...DEFAULT_LOAD, reconnectEvery: -1 }, { file: 'x.yaml', overrides: {} }));
    expect([file.file, file.field]).toEqual(['x.yaml', 'load.reconnectEvery']);
  });

  it('gives each load pod its share of the rate and of the connections', () => {
    const plan = resolveLoadPlan({ ...DEFAULT_LOAD, rate: 100, streams: ['keep-alive'] });
    expect(sharePlan(plan, 3)).toEqual({
      streams: [{ name: 'keep-alive', rate: 33.333 }],
      maxConnections: 88,
      timeoutMs: 2000,
      reconnectEvery: 0,
      pool: { order: 'lifo', idleCloseMs: 2000 },
    });
    expect(sharePlan(resolveLoadPlan({ ...DEFAULT_LOAD, maxConnections: 101 }), 5).maxConnections).toBe(21);
  });

  it('states the keep-alive pool: lifo with a 2 s idle close unless the file or a flag says otherwise, a bad order named', () => {
    expect(resolveLoadPlan(DEFAULT_LOAD).pool).toEqual({ order: 'lifo', idleCloseMs: 2000 });
    const fifo = resolveLoadPlan({ ...DEFAULT_LOAD, poolOrder: 'fifo' }, { overrides: { idleCloseMs: 0 } });
    expect(fifo.pool).toEqual({ order: 'fifo', idleCloseMs: 0 });
    const bad = errorOf(() => resolveLoadPlan({ ...DEFAULT_LOAD, poolOrder: 'random' as 'lifo' }, { file: 'x.yaml' }));
    expect([bad.file, bad.field, bad.message]).toEqual(['x.yaml', 'load.poolOrder', 'must be one of lifo, fifo, got "random"']);
    const flag = errorOf(() => resolveLoadPlan(DEFAULT_LOAD, { file: 'x.yaml', overrides: { idleCloseMs: -1 } }));
    expect(flag.field).toBe('--idle-close');
  });
});
