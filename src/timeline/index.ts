/** The public face of timeline/: everything other modules use from it. */
export { type PhaseBoundaries, type Phases, phasesFromTimeline } from './phases.ts';
export { readTimeline, TimelineRecorder } from './timeline-recorder.ts';
export { PHASES, type PhaseName, TIMELINE_KINDS, type TimelineEvent, type TimelineKind, type TimelineSink } from './types.ts';
