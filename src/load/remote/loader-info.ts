import type { StreamName, StreamPlan } from '../types.ts';
import type { ClockEstimate } from './clock-offset.ts';

/**
 * One load pod as the request log header lists it (load from inside the cluster): who it was,
 * where it ran, what it was given, what came back, and how its clock was aligned. Records name
 * it by their `loader` column (its index in the header's list).
 */
export interface LoaderInfo {
  /** Pod name. */
  name: string;
  /** Node it ran on. */
  node: string;
  /** Its share of the load: each stream's rate, requests/s. */
  streams: StreamPlan[];
  /** Slots it was given per stream: its own count when it reported its end, else the harness's schedule. */
  slots: Partial<Record<StreamName, number>>;
  /** Where `slots` comes from: 'agent' (its end-of-load line) or 'schedule' (it never reported one: restarted or cut off). */
  slotsFrom: 'agent' | 'schedule';
  /** Distinct records read from its log. */
  received: number;
  /** Slots given but never reported, written as MISSING records (counted as dropped). */
  missing: number;
  /** Container restarts seen during the run. */
  restarts: number;
  /** Clock offset estimates (pod minus harness), before the load started and before it stopped. */
  clock: { start?: ClockEstimate; end?: ClockEstimate };
}
