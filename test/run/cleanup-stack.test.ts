import { describe, expect, it } from 'vitest';
import type { ClusterProvider } from '../../src/cluster/provider.ts';
import { KindProvider } from '../../src/cluster/providers/kind/kind-provider.ts';
import { localParallelism } from '../../src/cluster/providers/local/local-parallelism.ts';
import { CleanupStack } from '../../src/run/cleanup-stack.ts';

describe('CleanupStack', () => {
  it('runs LIFO, keeps going past failures, and says what is still pending while it runs', async () => {
    const s = new CleanupStack();
    const order: string[] = [];
    let during: string[] = [];
    s.push('stop provider', () => {
      order.push('provider');
    });
    s.push('remove workload', async () => {
      during = s.pending();
      order.push('workload');
      throw new Error('busy');
    });
    const popped = s.push('close file', () => {
      order.push('file');
    });
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
    expect(localParallelism(1000, 2)).toBe(4);
    expect(localParallelism(1000, 16)).toBe(32);
    expect(localParallelism(3, 16)).toBe(3);
    expect((new KindProvider({ create: false }) as ClusterProvider).defaultParallelism).toBeUndefined(); // real clusters: one at a time
  });
});
