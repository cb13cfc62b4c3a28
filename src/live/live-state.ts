import type { StreamName } from '../load/index.ts';
import type { ReportModel } from '../metrics/index.ts';
import type { OutcomeCounts, ProgressEvent } from '../run/index.ts';
import type { PhaseName, TimelineEvent } from '../timeline/index.ts';
import { addCounts } from './outcome-counts.ts';

export type LivePhase = PhaseName | 'deploy' | 'done';

/** What is known of one scenario iteration while it runs, from its progress events. */
export interface ScenarioLive {
  key: string;
  scenario: string;
  iteration: number;
  phase: LivePhase;
  /** When each phase began (the run's phase events), epoch ms. */
  since: Partial<Record<LivePhase, number>>;
  requests: number;
  failures: number;
  /** Outcomes per stream and bin start (epoch ms). */
  bins: Map<StreamName, Map<number, OutcomeCounts>>;
  /** Outcomes per bin start, both streams. */
  total: Map<number, OutcomeCounts>;
  /** Outcomes per phase, both streams. */
  phases: Partial<Record<PhaseName, OutcomeCounts>>;
  /** Outcomes per stream over the run so far. */
  streams: Partial<Record<StreamName, OutcomeCounts>>;
  /** The timeline so far, in arrival order. */
  events: TimelineEvent[];
}

/** A run's name in the live views: the scenario, with its iteration from the second on. */
export const runKey = (scenario: string, iteration: number) => (iteration > 1 ? `${scenario}#${iteration}` : scenario);

function addBin(bins: Map<number, OutcomeCounts>, t: number, counts: OutcomeCounts): void {
  const bin = bins.get(t);
  if (bin) addCounts(bin, counts);
  else bins.set(t, { ...counts });
}

/** The live views' model: every run's progress, the current step, and the report at the end. */
export class LiveState {
  readonly runs = new Map<string, ScenarioLive>();
  step = '';
  report?: ReportModel;

  /** Applies one event; returns the run it changed (none for a step or the report). */
  apply(e: ProgressEvent): ScenarioLive | undefined {
    if (e.type === 'step') this.step = e.message;
    else if (e.type === 'report') this.report = e.report;
    else {
      const run = this.run(e.scenario, e.iteration);
      if (e.type === 'phase') {
        run.phase = e.phase;
        run.since[e.phase] ??= e.at;
      } else if (e.type === 'tick') {
        run.requests = e.requests;
        run.failures = e.failures;
      } else if (e.type === 'timeline') run.events.push(e.event);
      else {
        const stream = run.bins.get(e.stream) ?? new Map<number, OutcomeCounts>();
        run.bins.set(e.stream, stream);
        addBin(stream, e.t, e.counts);
        addBin(run.total, e.t, e.counts);
        addCounts((run.phases[e.phase] ??= {}), e.counts);
        addCounts((run.streams[e.stream] ??= {}), e.counts);
      }
      return run;
    }
    return undefined;
  }

  /** The latest iteration of each scenario, in order of first appearance. */
  latest(): ScenarioLive[] {
    const by = new Map<string, ScenarioLive>();
    for (const r of this.runs.values()) if (r.iteration >= (by.get(r.scenario)?.iteration ?? 0)) by.set(r.scenario, r);
    return [...by.values()];
  }

  private run(scenario: string, iteration: number): ScenarioLive {
    const key = runKey(scenario, iteration);
    let run = this.runs.get(key);
    if (!run) {
      run = {
        key,
        scenario,
        iteration,
        phase: 'deploy',
        since: {},
        requests: 0,
        failures: 0,
        bins: new Map(),
        total: new Map(),
        phases: {},
        streams: {},
        events: [],
      };
      this.runs.set(key, run);
    }
    return run;
  }
}
