import type { LifecycleHandler } from '../../../../k8s/index.ts';
import type { TimelineSink } from '../../../../timeline/index.ts';
import { effectiveGraceSeconds, killAfterPreStop, MIN_GRACE_AFTER_PRESTOP_MS, MIN_KILL_GRACE_MS } from '../../../kube/termination-times.ts';
import type { ContainerProcess } from './container-process.ts';
import type { ActionTarget } from './exec-action.ts';
import { runPreStop } from './prestop-hook.ts';

export { effectiveGraceSeconds, killAfterPreStop, MIN_GRACE_AFTER_PRESTOP_MS, MIN_KILL_GRACE_MS };
/** The same, under its older name: the one-time extension for a preStop still running at the deadline. */
export const PRESTOP_EXTENSION_MS = MIN_GRACE_AFTER_PRESTOP_MS;

export interface StopInput {
  proc: ContainerProcess;
  preStop?: LifecycleHandler;
  target: ActionTarget;
  stopSignal: NodeJS.Signals;
  timeline: TimelineSink;
  pod: string;
  node: string;
}

/**
 * The kubelet's killContainer: preStop first (its time counts inside the grace period), then the stop
 * signal to PID 1, then SIGKILL at the deadline (the caller records the exit). The stop signal always
 * goes out, and always gets at least MIN_KILL_GRACE_MS (2 s) before SIGKILL, with or without a preStop
 * hook and whatever the grace period (minimumGracePeriodInSeconds; see killAfterPreStop after a hook).
 * A hook still running at the deadline is left running, the stop signal goes out then and SIGKILL 2 s
 * later. The deadline can be moved earlier while this runs (a second delete with a shorter grace
 * period); after the stop signal, never to less than 2 s from that moment (each of the kubelet's stop
 * calls gives the minimum). Resolves with the exit code.
 */
export class ContainerStop {
  private readonly input: StopInput;
  private deadline: number;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  /** True once the stop signal went out: from then on SIGKILL keeps the 2 s minimum. */
  private signalled = false;

  constructor(input: StopInput, deadline: number) {
    this.input = input;
    this.deadline = deadline;
  }

  /** Move the deadline earlier (never later). */
  shorten(deadline: number): void {
    if (this.signalled) deadline = Math.max(deadline, Date.now() + MIN_KILL_GRACE_MS);
    if (deadline >= this.deadline) return;
    this.deadline = deadline;
    this.wake?.();
  }

  async run(): Promise<number> {
    const { proc, preStop, timeline, pod, node } = this.input;
    let hook: Promise<void> | undefined;
    if (preStop && this.deadline > Date.now() && proc.running) {
      const hookStart = Date.now();
      timeline.emit({ kind: 'prestop-start', pod, node });
      const abort = new AbortController();
      void proc.exited.then(() => abort.abort());
      hook = runPreStop(preStop, this.input.target, abort.signal).then((ok) => {
        timeline.emit({ kind: 'prestop-end', pod, node, detail: ok ? 'ok' : 'failed' });
      });
      await Promise.race([hook, this.untilDeadline(), proc.exited]);
      if (proc.running) this.deadline = killAfterPreStop(hookStart, Date.now(), this.deadline);
    }
    if (proc.running) {
      this.signalled = true;
      const sent = proc.signal(this.input.stopSignal);
      const t = Date.now();
      this.deadline = Math.max(this.deadline, t + MIN_KILL_GRACE_MS);
      if (sent) timeline.emit({ t, kind: 'sigterm', pod, node, detail: this.input.stopSignal });
      // A timer may fire a millisecond early by the wall clock: SIGKILL never comes before the deadline.
      while (proc.running && Date.now() < this.deadline) await Promise.race([this.untilDeadline(), proc.exited]);
    }
    clearTimeout(this.timer);
    if (proc.running) {
      timeline.emit({ kind: 'sigkill', pod, node });
      proc.kill();
    }
    const code = await proc.exited;
    await hook; // aborted by the exit, so it records its end promptly
    return code;
  }

  /** Resolves at the current deadline, following shorten(). */
  private untilDeadline(): Promise<void> {
    return new Promise((resolve) => {
      const arm = (): void => {
        clearTimeout(this.timer);
        this.timer = setTimeout(
          () => {
            this.wake = undefined;
            resolve();
          },
          Math.max(0, this.deadline - Date.now()),
        );
      };
      this.wake = arm;
      arm();
    });
  }
}
