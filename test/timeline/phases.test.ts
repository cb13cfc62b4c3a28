import { describe, expect, it } from 'vitest';
import { phasesFromTimeline } from '../../src/timeline/phases.ts';
import type { TimelineEvent } from '../../src/timeline/types.ts';

const ev = (t: number, detail: string): TimelineEvent => ({ t, kind: 'phase', detail });

describe('phasesFromTimeline', () => {
  it('returns boundaries and assigns times to phases', () => {
    const p = phasesFromTimeline([ev(100, 'baseline'), { t: 150, kind: 'pod-ready', pod: 'a' }, ev(200, 'disruption'), ev(300, 'recovery'), ev(400, 'end')]);
    expect(p.boundaries).toEqual({ baseline: 100, disruption: 200, recovery: 300, end: 400 });
    expect(p.phaseOf(99)).toBeUndefined();
    expect(p.phaseOf(100)).toBe('baseline');
    expect(p.phaseOf(199)).toBe('baseline');
    expect(p.phaseOf(200)).toBe('disruption');
    expect(p.phaseOf(350)).toBe('recovery');
    expect(p.phaseOf(400)).toBeUndefined();
  });
  it('closes a run cut short at its last event', () => {
    const p = phasesFromTimeline([ev(100, 'baseline'), ev(200, 'disruption'), { t: 260, kind: 'sigterm', pod: 'a' }]);
    expect(p.boundaries).toEqual({ baseline: 100, disruption: 200, recovery: 260, end: 260 });
    expect(p.phaseOf(300)).toBeUndefined();
  });
  it('requires a baseline event', () => {
    expect(() => phasesFromTimeline([ev(200, 'disruption')], 'tl.ndjson')).toThrow(/baseline/);
  });
});
