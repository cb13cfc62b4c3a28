import { describe, expect, it } from 'vitest';
import { phasesFromTimeline } from '../../src/timeline/phases.ts';
import type { TimelineEvent } from '../../src/timeline/types.ts';

const ev = (t: number, detail: string): TimelineEvent => ({ t, kind: 'phase', detail });

describe('phasesFromTimeline', () => {
  it('returns boundaries; each phase is closed at its start and open at its end', () => {
    const p = phasesFromTimeline([
      ev(100, 'baseline'),
      { t: 150, kind: 'pod-ready', pod: 'a' },
      ev(200, 'disruption'),
      ev(300, 'recovery'),
      ev(400, 'end'),
    ]);
    expect(p.boundaries).toEqual({ baseline: 100, disruption: 200, recovery: 300, end: 400 });
    expect(p.phaseOf(99.9)).toBeUndefined();
    expect(p.phaseOf(100)).toBe('baseline');
    expect(p.phaseOf(199.9)).toBe('baseline');
    expect(p.phaseOf(200)).toBe('disruption');
    expect(p.phaseOf(299.9)).toBe('disruption');
    expect(p.phaseOf(300)).toBe('recovery');
    expect(p.phaseOf(399.9)).toBe('recovery');
    expect(p.phaseOf(400)).toBeUndefined();
  });
  it('closes a run cut short at its last event', () => {
    const p = phasesFromTimeline([ev(100, 'baseline'), ev(200, 'disruption'), { t: 260, kind: 'sigterm', pod: 'a' }]);
    expect(p.boundaries).toEqual({ baseline: 100, disruption: 200, recovery: 260, end: 260 });
    expect(p.phaseOf(259)).toBe('disruption');
    expect(p.phaseOf(260)).toBeUndefined();
  });
  it('requires a baseline event', () => {
    expect(() => phasesFromTimeline([ev(200, 'disruption')], 'tl.ndjson')).toThrow(/baseline/);
  });
});
