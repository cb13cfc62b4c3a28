import { CODES } from './codes.ts';
import type { ConnectionBudget } from './connection-budget.ts';
import { type Answer, HttpConnection } from './http-connection.ts';
import type { ConnectionEvent, KeepAlivePool, LoadTarget, RequestRecord, StreamPlan } from './types.ts';

export interface SchedulerOptions {
  plan: StreamPlan;
  target: LoadTarget;
  budget: ConnectionBudget;
  timeoutMs: number;
  reconnectEvery: number;
  pool: KeepAlivePool;
  onRecord(r: RequestRecord): void;
  onEvent?(e: ConnectionEvent): void;
}

/**
 * Open-model arrivals for one stream: slot n is due at start + n * 1000/rate, whatever the
 * latency. keep-alive: a slot takes an idle connection in the pool's order (lifo: the most
 * recently used, as Go's Transport and Node's Agent; fifo: the least) or opens one, and a
 * connection idle for pool.idleCloseMs is closed (0: never); new-connection: every slot opens its own and sends `Connection: close`.
 * A slot that finds no connection under the budget is recorded as dropped (k6's
 * constant-arrival-rate "dropped iterations"). Late timers send the slots that are due at
 * once, each recorded with its real send time. rate Infinity (benchmarks only): every
 * connection of the budget sends again as soon as it is answered (closed loop, no slots).
 */
export class StreamScheduler {
  private readonly o: SchedulerOptions;
  private readonly idle: HttpConnection[] = [];
  private readonly live = new Set<HttpConnection>();
  private readonly gapMs: number;
  private startPerf = 0;
  private startEpoch = 0;
  private sent = 0;
  private timer: NodeJS.Timeout | undefined;
  private reaper: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private stopping = false;
  /** Largest send lag since the last takeMaxLag(): how late a slot left after it was due, ms. */
  private maxLag = 0;
  private drained: (() => void) | undefined;

  constructor(o: SchedulerOptions) {
    this.o = o;
    this.gapMs = 1000 / o.plan.rate;
  }

  start(): void {
    this.startPerf = performance.now();
    this.startEpoch = Date.now();
    const sweepMs = Math.max(5, Math.min(50, this.o.timeoutMs / 20));
    this.sweeper = setInterval(() => this.sweep(), sweepMs);
    if (this.o.plan.rate === Infinity) {
      for (let c = this.connect(); c; c = this.connect()) this.send(c, performance.now());
      return;
    }
    this.tick();
    const idleMs = this.o.pool.idleCloseMs;
    if (idleMs > 0) this.reaper = setInterval(() => this.reapIdle(), Math.max(10, idleMs / 2));
  }

  /** The largest send lag (ms a slot left after it was due) since the last call. */
  takeMaxLag(): number {
    const v = this.maxLag;
    this.maxLag = 0;
    return v;
  }

  /** Stops sending; resolves when every request in flight is answered and every connection is closed. */
  stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    clearInterval(this.reaper);
    for (const c of this.idle.splice(0)) c.close();
    if (![...this.live].some((c) => c.busy)) return Promise.resolve(this.closeAll());
    return new Promise((resolve) => {
      this.drained = () => {
        this.closeAll();
        resolve();
      };
    });
  }

  private tick(): void {
    const now = performance.now();
    const due = Math.floor((now - this.startPerf) / this.gapMs) + 1;
    while (this.sent < due && !this.stopping) {
      this.slot(this.startPerf + this.sent * this.gapMs);
      this.sent++;
    }
    if (this.stopping) return;
    const next = this.startPerf + this.sent * this.gapMs;
    this.timer = setTimeout(() => this.tick(), Math.max(1, next - performance.now()));
  }

  private slot(dueAt: number): void {
    const lag = performance.now() - dueAt;
    if (lag > this.maxLag) this.maxLag = lag;
    const conn = this.o.plan.name === 'keep-alive' ? (this.takeIdle() ?? this.connect()) : this.connect();
    if (conn) this.send(conn, dueAt);
    else
      this.o.onRecord({
        t: this.epochOf(dueAt),
        ms: 0,
        code: CODES.dropped,
        pod: '',
        conn: 0,
        fresh: false,
        stream: this.o.plan.name,
        lag: 0,
      });
  }

  /** The idle connection the pool's order picks (the idle list is in the order connections became idle). */
  private takeIdle(): HttpConnection | undefined {
    return this.o.pool.order === 'fifo' ? this.idle.shift() : this.idle.pop();
  }

  private connect(): HttpConnection | undefined {
    const no = this.o.budget.take();
    if (no === undefined) return undefined;
    const conn = new HttpConnection({
      target: this.o.target,
      no,
      timeoutMs: this.o.timeoutMs,
      close: this.o.plan.name === 'new-connection',
      onGone: (c) => this.gone(c),
      onUnsolicited: (c) =>
        this.o.onEvent?.({ kind: 'unsolicited', t: this.epochOf(performance.now()), pod: c.pod, conn: c.no, stream: this.o.plan.name }),
    });
    this.live.add(conn);
    return conn;
  }

  /** Sends on `conn` the slot that was due at `dueAt` (performance.now() time). */
  private send(conn: HttpConnection, dueAt: number): void {
    conn.dueAt = dueAt;
    conn.send(this.onAnswer);
  }

  private readonly onAnswer = (conn: HttpConnection, a: Answer) => this.answered(conn, a);

  /** The connection goes back to work first (closed loop: the next request leaves at once), then the answer is recorded. */
  private answered(conn: HttpConnection, a: Answer): void {
    const lag = a.sentAt > conn.dueAt ? a.sentAt - conn.dueAt : 0;
    const every = this.o.reconnectEvery;
    if (conn.reusable && every > 0 && conn.requests >= every) conn.close();
    if (!conn.reusable || this.stopping) conn.close();
    else if (this.o.plan.rate === Infinity) this.send(conn, performance.now());
    else this.idle.push(conn);
    this.o.onRecord({
      t: this.epochOf(a.sentAt),
      ms: a.endedAt - a.sentAt,
      code: a.code,
      pod: a.pod,
      conn: conn.no,
      fresh: a.fresh,
      stream: this.o.plan.name,
      lag,
    });
    if (this.stopping && this.drained && ![...this.live].some((c) => c.busy)) this.drained();
  }

  private gone(conn: HttpConnection): void {
    this.live.delete(conn);
    const i = this.idle.indexOf(conn);
    if (i >= 0) this.idle.splice(i, 1);
    this.o.budget.release();
    if (this.o.plan.rate === Infinity && !this.stopping) {
      const c = this.connect();
      if (c) this.send(c, performance.now());
    }
  }

  /**
   * Times out the requests past their deadline, but only after the pending socket reads: the
   * sweep runs in the timer phase, before the poll phase reads what arrived, so after a stall of
   * this process an answer already waiting in a socket would be taken for a timeout. The overdue
   * connections are picked now and expired in setImmediate (after the poll phase); one answered
   * meanwhile has no request past that deadline any more.
   */
  private sweep(): void {
    const now = performance.now();
    let overdue: HttpConnection[] | undefined;
    for (const c of this.live) if (c.overdue(now)) (overdue ??= []).push(c);
    if (overdue)
      setImmediate(() => {
        for (const c of overdue) c.expire(now);
      });
  }

  private reapIdle(): void {
    const old = performance.now() - this.o.pool.idleCloseMs;
    for (const c of this.idle.filter((x) => x.idleSince < old)) c.close();
  }

  private closeAll(): void {
    clearInterval(this.sweeper);
    for (const c of [...this.live]) c.close();
  }

  private epochOf(perf: number): number {
    return this.startEpoch + (perf - this.startPerf);
  }
}
