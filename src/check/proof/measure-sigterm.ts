import { ZerodropError } from '../../errors/index.ts';
import type { Container } from '../../k8s/index.ts';
import type { Log } from '../../util/index.ts';
import { processRuns, sleep, waitFor } from '../../util/index.ts';
import { openKeptAlive } from './kept-alive-connection.ts';
import { runPreStop } from './run-pre-stop.ts';
import { signalSender } from './signal-sender.ts';
import { type InFlight, inFlight, startInFlight } from './start-in-flight.ts';
import type { ContainerState, ProofContainer } from './start-proof-container.ts';
import { watchListener } from './watch-listener.ts';

export interface SigtermMeasure {
  /** The kubelet's SIGKILL deadline, seconds after termination began (preStop included). */
  deadlineS: number;
  killed: boolean;
  exitCode: number;
  /** Seconds from SIGTERM to exit (to SIGKILL's exit when killed). */
  exitAfterS: number;
  inFlight: InFlight;
  /** closed: new connects were refused while the process still ran; unobserved: only a port mapping reaches it. */
  listener: 'closed' | 'open' | 'unobserved';
  /** How SIGTERM went to PID 1: kill(2) from this host to its pid, or the engine's kill. */
  termVia: 'host' | 'engine';
  /** Seconds from SIGTERM to the in-flight request's end, and to the first refused connect. */
  replyAfterS?: number;
  refusedAfterS?: number;
  preStop?: string;
  /**
   * An idle kept-alive connection opened before SIGTERM: closed by the app (seconds after SIGTERM),
   * still open when the process ended, or none (the app closed it with its answer, or no port).
   */
  keptAlive: { kind: 'closed'; afterS: number } | { kind: 'open' } | { kind: 'none' };
}

export interface SigtermOptions {
  port?: number;
  served: boolean;
  graceS: number;
  signal?: AbortSignal;
  log: Log;
}

/**
 * Polls the container every 50 ms for `ms` until PID 1 has exited; undefined when it still runs.
 * `alive.at` is when the last look that found it running began.
 */
async function waitForExit(
  c: ProofContainer,
  ms: number,
  alive: { at: number },
  signal?: AbortSignal,
): Promise<ContainerState | undefined> {
  let s: ContainerState | undefined;
  await waitFor(
    async () => {
      const at = Date.now();
      s = await c.state();
      if (s.running) alive.at = at;
      return { done: !s.running, waiting: 'PID 1 to exit' };
    },
    { what: 'exit after SIGTERM', timeoutMs: ms, intervalMs: 50, signal },
  ).catch((err: unknown) => {
    if (signal?.aborted) throw err;
  });
  return s?.running === false ? s : undefined;
}

/**
 * Terminates the container as the kubelet does: preStop, then SIGTERM to PID 1 with a request to
 * `/` in flight and an idle kept-alive connection open, then SIGKILL if PID 1 still runs at
 * terminationGracePeriodSeconds. Measures the exit, the in-flight request, whether the listener
 * closed before the process exited, and whether the app closed the idle kept-alive connection.
 */
export async function measureSigterm(c: ProofContainer, spec: Container, o: SigtermOptions): Promise<SigtermMeasure> {
  // A pooled client's connection, opened (and its request answered) before termination begins.
  const idle = o.port !== undefined && o.served ? await openKeptAlive(c, o.port, 10_000) : undefined;
  const begin = Date.now();
  let deadline = begin + o.graceS * 1000;
  const preStop = await runPreStop(c, spec, deadline, o.signal);
  if (preStop) o.log(`proof: ${preStop} ran`);
  if (Date.now() >= deadline) deadline = Date.now() + 2000; // the kubelet's 2 s more after a preStop that used the grace period up
  const deadlineS = Math.round((deadline - begin) / 1000);
  const pid1 = await c.localPid1().catch(() => undefined);
  const send = signalSender(c, pid1);
  // The engine's kill takes 10-30 ms to arrive; the host's kill(2) arrives at once.
  const headStartMs = pid1 ? 20 : 5;
  const flight =
    o.port !== undefined && o.served ? await startInFlight(c, o.port, o.graceS * 1000 + 5000, headStartMs, o.signal) : undefined;
  o.log(`proof: SIGTERM to PID 1${flight ? ' with a request in flight' : ''}`);
  // Watching from before the kill: connects succeed until the signal has reached the app.
  const watch = o.port !== undefined && c.direct ? watchListener(c.address(o.port), pid1 ? () => processRuns(pid1) : undefined) : undefined;
  const termAt = Date.now();
  const termVia = await send('SIGTERM');
  const alive = { at: 0 };
  let killAt = Infinity;
  let exit: ContainerState | undefined;
  let seen: { refusedAt?: number; aliveThen?: boolean } = {};
  try {
    exit = await waitForExit(c, deadline - Date.now(), alive, o.signal);
    if (!exit) {
      killAt = Date.now();
      o.log(`proof: PID 1 still runs at the ${deadlineS} s deadline: SIGKILL`);
      await send('SIGKILL').catch(() => undefined); // it may have exited since the last look
      exit = await waitForExit(c, 10_000, alive, o.signal);
      if (!exit) throw new ZerodropError(`proof container ${c.name} still runs 10 s after SIGKILL`);
    }
  } finally {
    seen = (await watch?.stop()) ?? {}; // also when a wait failed or was aborted
    idle?.close();
  }
  // Exited on its own: the connection closed by the exit at the latest, even if its FIN was not read yet.
  const ended = exit.finishedAt ?? Date.now();
  const idleClosedAt = idle?.closedAt() ?? (killAt === Infinity && idle ? ended : undefined);
  const keptAlive: SigtermMeasure['keptAlive'] = !idle
    ? { kind: 'none' }
    : // Killed: was it closed before SIGKILL (the kernel closes whatever is left)? Exited on its own:
      // closed either way, by the app or at its exit, and the client saw a FIN, not a reset.
      idleClosedAt !== undefined && (killAt === Infinity || idleClosedAt < killAt - 20)
      ? { kind: 'closed', afterS: Math.max(0, idleClosedAt - termAt) / 1000 }
      : { kind: 'open' };
  const reply = flight ? await Promise.race([flight.request, sleep(2000, o.signal).then(() => undefined)]) : undefined;
  // A refusal counts once the process is known to run after it: PID 1 was alive then (/proc), the
  // in-flight reply came later, or the engine still said running 100 ms on.
  const { refusedAt } = seen;
  const closed =
    refusedAt !== undefined &&
    refusedAt < killAt &&
    (seen.aliveThen === true || (reply !== undefined && 'status' in reply && reply.at > refusedAt) || alive.at > refusedAt + 100);
  return {
    deadlineS,
    killed: killAt !== Infinity,
    exitCode: exit.exitCode,
    termVia,
    exitAfterS: Math.max(0, (exit.finishedAt ?? Date.now()) - termAt) / 1000,
    inFlight: inFlight(o, flight?.early, reply),
    listener: watch ? (closed ? 'closed' : 'open') : 'unobserved',
    keptAlive,
    ...(preStop ? { preStop } : {}),
    ...(reply ? { replyAfterS: (reply.at - termAt) / 1000 } : {}),
    ...(refusedAt ? { refusedAfterS: (refusedAt - termAt) / 1000 } : {}),
  };
}
