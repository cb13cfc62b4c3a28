import type { Workload } from '../cluster/index.ts';
import type { LoadPlan } from '../load/index.ts';
import type { TimelineSink } from '../timeline/index.ts';
import type { OutcomeBins } from './outcome-bins.ts';

/** What a load source needs to drive one scenario iteration. */
export interface LoadSourceInput {
  workload: Workload;
  /** The scenario's load plan (resolved once for the run). */
  load: LoadPlan;
  /** The iteration's directory for raw files. */
  dir: string;
  /** Where the run's request log goes (load/request-log.ts format). */
  requestsFile: string;
  timeline: TimelineSink;
  /** Upper bound for the waits before the load starts (the Service serving, load pods running). */
  timeoutMs: number;
  /** The longest the load may run (baseline + disruption + recovery, with room): a bound for remote load generators. */
  maxRunSeconds: number;
  signal?: AbortSignal;
  /** Live view: every record is also counted here by phase. */
  bins?: OutcomeBins;
}
