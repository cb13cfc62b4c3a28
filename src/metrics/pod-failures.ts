import type { RequestRecord } from '../load/index.ts';
import { isFailure } from './classify.ts';
import type { Outcome, PodFailures } from './types.ts';

/** Failed requests per pod they were sent to ('' when unknown), by outcome and by stream. Fed one record at a time. */
export class PodFailureCounter {
  private readonly pods = new Map<string, PodFailures>();

  /** Counts the record when its outcome is a failure (FAILURE_OUTCOMES); anything else is ignored. */
  add(r: RequestRecord, outcome: Outcome): void {
    if (!isFailure(outcome)) return;
    const pod = r.pod ?? '';
    let p = this.pods.get(pod);
    if (!p) this.pods.set(pod, (p = { pod, failed: 0, byOutcome: {}, byStream: {} }));
    p.failed++;
    p.byOutcome[outcome] = (p.byOutcome[outcome] ?? 0) + 1;
    p.byStream[r.stream] = (p.byStream[r.stream] ?? 0) + 1;
  }

  /** Most failed first (ties by pod name). */
  result(): PodFailures[] {
    return [...this.pods.values()]
      .map((p) => ({ ...p, byOutcome: { ...p.byOutcome }, byStream: { ...p.byStream } }))
      .sort((a, b) => b.failed - a.failed || a.pod.localeCompare(b.pod));
  }
}
