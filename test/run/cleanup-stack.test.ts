import { describe, expect, it } from 'vitest';
import { CleanupStack } from '../../src/run/cleanup-stack.ts';
import { defaultParallelism } from '../../src/run/run-steps.ts';
import { fakeProvider } from './fake-provider.ts';

describe('CleanupStack', () => {
  it('runs LIFO, keeps going past failures, and says what is still pending while it runs', async () => {
    const s = new CleanupStack();
    const order: string[] = [];
    let during: string[] = [];
    s.push('stop provider', () => { order.push('provider'); });
    s.push('remove workload', async () => { during = s.pending(); order.push('workload'); throw new Error('busy'); });
    const popped = s.push('close file', () => { order.push('file'); });
    popped();
    expect(s.pending()).toEqual(['remove workload', 'stop provider']);
    expect(await s.runAll()).toEqual(['remove workload: busy']);
    expect(order).toEqual(['workload', 'provider']);
    expect(during).toEqual(['remove workload', 'stop provider']);
    expect(s.pending()).toEqual([]);
  });
});

describe('default parallelism', () => {
  it('is capped by the machine on the embedded runtime, at least 4, and 1 on real clusters', () => {
    const { provider } = fakeProvider();
    expect(defaultParallelism(provider, 1000, 2)).toBe(4);
    expect(defaultParallelism(provider, 1000, 16)).toBe(32);
    expect(defaultParallelism(provider, 3, 16)).toBe(3);
    expect(defaultParallelism({ ...provider, emulated: false }, 1000, 16)).toBe(1);
  });
});
