import { expect } from 'vitest';
import type { ScenarioReport } from '../../src/metrics/index.ts';

/** Every stream's every phase of `s` had requests, and each one of them succeeded. */
export function expectEveryRequestOk(s: Pick<ScenarioReport, 'streams'>): void {
  for (const stream of s.streams) {
    for (const p of stream.phases) {
      expect(p.requests, `${stream.name} ${p.name}`).toBeGreaterThan(0);
      expect(p.ok, `${stream.name} ${p.name}`).toBe(p.requests);
    }
  }
}
