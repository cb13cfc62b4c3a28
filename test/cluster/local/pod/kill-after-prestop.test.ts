import { describe, expect, it } from 'vitest';
import { killAfterPreStop, MIN_GRACE_AFTER_PRESTOP_MS } from '../../../../src/cluster/providers/local/pod/container-stop.ts';

describe("killAfterPreStop: the kubelet's SIGKILL time after a preStop hook", () => {
  const start = 1_000_000;
  it('keeps the grace deadline when the hook leaves at least 2 s', () => {
    expect(killAfterPreStop(start, start + 1000, start + 5000)).toBe(start + 5000);
  });
  it('counts the hook in whole seconds, as the kubelet does (grace 5 s, hook 2.5 s: SIGKILL at 5.5 s)', () => {
    expect(killAfterPreStop(start, start + 2500, start + 5000)).toBe(start + 5500);
  });
  it('leaves at least 2 s after a hook that ends near the deadline, or was cut off by it', () => {
    expect(MIN_GRACE_AFTER_PRESTOP_MS).toBe(2000);
    expect(killAfterPreStop(start, start + 4900, start + 5000)).toBe(start + 4900 + 2000);
    expect(killAfterPreStop(start, start + 5000, start + 5000)).toBe(start + 7000);
  });
});
