import type { RequestRecord } from '../load/index.ts';
import { httpStatus } from './classify.ts';
import type { EndpointLag } from './types.ts';

/**
 * The data-path lag of each deleted pod, from the records: how long after its deletion it still
 * answered a new-connection request (the start `t` of the last one with an HTTP status, at or
 * after the deletion). This is the window a preStop sleep must cover. Fed one record at a time.
 */
export class DataPathLagTracker {
  private readonly deletedAt = new Map<string, number>();
  private readonly last = new Map<string, number>();
  private sawNewConnection = false;

  /** `lags`: the control-plane lags (metrics/endpoint-lag.ts), one per deleted pod. */
  private readonly lags: readonly EndpointLag[];

  constructor(lags: readonly EndpointLag[]) {
    this.lags = lags;
    for (const l of lags) this.deletedAt.set(l.pod, l.deletedAt);
  }

  add(r: RequestRecord): void {
    if (r.stream !== 'new-connection') return;
    this.sawNewConnection = true;
    const deleted = this.deletedAt.get(r.pod);
    if (deleted === undefined || r.t < deleted || httpStatus(r.code) === undefined) return;
    if (r.t > (this.last.get(r.pod) ?? -Infinity)) this.last.set(r.pod, r.t);
  }

  /**
   * The lags with lastNewConnectionAt and dataPathLagMs set. Both stay unset when the pod
   * answered no new connection after its deletion (it refused or reset them, or its answers
   * did not finish: a refused connection does not say which pod refused it, so the window
   * cannot be read from answers), and when the log has no new-connection record at all.
   */
  result(): EndpointLag[] {
    return this.lags.map((l) => {
      const last = this.sawNewConnection ? this.last.get(l.pod) : undefined;
      return last === undefined ? { ...l } : { ...l, lastNewConnectionAt: last, dataPathLagMs: Math.round((last - l.deletedAt) * 10) / 10 };
    });
  }
}
