import { ZerodropError } from '../errors/index.ts';
import type { PhaseName, TimelineEvent } from './types.ts';

/** Epoch ms where each phase starts; `end` closes recovery. */
export interface PhaseBoundaries {
  baseline: number;
  disruption: number;
  recovery: number;
  end: number;
}

export interface Phases {
  boundaries: PhaseBoundaries;
  /**
   * The phase a time falls in: [baseline, disruption) [disruption, recovery) [recovery, end);
   * undefined before baseline or at/after end. The metrics pass a request's END (the time its
   * outcome became known, metrics/request-end.ts): a request belongs to the phase it ended in.
   */
  phaseOf(t: number): PhaseName | undefined;
  /**
   * The phase a request that ended at `t` is filed under: phaseOf, except that an end before the
   * baseline counts in baseline (the warm-up's first answers) and an end at or after `end` in
   * recovery (answers in flight when sending stopped): no slot goes uncounted.
   */
  phaseOfEnd(t: number): PhaseName;
}

const ORDER = ['baseline', 'disruption', 'recovery', 'end'] as const;

/**
 * Boundaries from the `phase` events of a timeline (detail = phase name, first event wins).
 * A run cut short has no later boundaries: each missing one takes the next known one, and a
 * missing `end` takes the last event's time, so the unfinished phases come out empty or short.
 */
export function phasesFromTimeline(events: readonly TimelineEvent[], file?: string): Phases {
  const seen = new Map<string, number>();
  for (const e of events) {
    if (e.kind === 'phase' && e.detail && !seen.has(e.detail)) seen.set(e.detail, e.t);
  }
  const baseline = seen.get('baseline');
  if (baseline === undefined) throw new ZerodropError('timeline has no baseline phase event', { file, field: 'phase' });
  const lastT = events.reduce((m, e) => Math.max(m, e.t), baseline);
  const values: number[] = [];
  let next = seen.get('end') ?? lastT;
  for (let i = ORDER.length - 1; i >= 0; i--) {
    const v = seen.get(ORDER[i]);
    next = v !== undefined && v <= next ? v : next;
    values[i] = next;
  }
  return makePhases({ baseline: values[0], disruption: values[1], recovery: values[2], end: values[3] });
}

/** phaseOf for given boundaries: [baseline, disruption) [disruption, recovery) [recovery, end). */
export function makePhases(boundaries: PhaseBoundaries): Phases {
  const b = boundaries;
  return {
    boundaries,
    phaseOf(t) {
      if (t < b.baseline || t >= b.end) return undefined;
      if (t < b.disruption) return 'baseline';
      if (t < b.recovery) return 'disruption';
      return 'recovery';
    },
    phaseOfEnd(t) {
      if (t < b.disruption) return 'baseline';
      if (t < b.recovery) return 'disruption';
      return 'recovery';
    },
  };
}
