import type { ProofLine } from '../types.ts';
import type { Pid1 } from './measure-pid1.ts';
import type { SigtermMeasure } from './measure-sigterm.ts';
import type { InFlight } from './start-in-flight.ts';

function inFlightText(f: InFlight): string {
  if (f.kind === 'answered')
    return f.status >= 200 && f.status < 300 ? 'in-flight request answered' : `in-flight request answered ${f.status}`;
  if (f.kind === 'reset') return 'in-flight request reset';
  if (f.kind === 'unanswered') return 'in-flight request left without an answer';
  return `no request in flight (${f.why})`;
}

/** The finding a failed SIGTERM proves, from what PID 1 is. */
function findingFor(pid1: Pid1): string | undefined {
  if (pid1.kind === 'shell') return 'shell-pid1';
  if (pid1.kind === 'tini') return 'tini-no-group';
  return undefined;
}

/**
 * The SIGTERM result as one line, e.g. `SIGTERM: exited 0 after 0.1 s, in-flight request answered;
 * listener closed before exit; preStop sleep 3 s first` or `SIGTERM ignored: still running at the
 * 5 s deadline, SIGKILL (PID 1 is sh start.sh); ...`. ok: PID 1 exited on its own and the request
 * in flight (if one could be made) was answered below 500.
 */
export function sigtermLine(m: SigtermMeasure, pid1: Pid1): ProofLine {
  const f = m.inFlight;
  const requestOk = f.kind === 'none' || (f.kind === 'answered' && f.status < 500);
  const draining = m.listener === 'closed';
  const parts: string[] = [];
  let finding: string | undefined;
  if (m.killed) {
    const head = draining
      ? `SIGTERM: still draining at the ${m.deadlineS} s deadline, SIGKILL`
      : `SIGTERM ignored: still running at the ${m.deadlineS} s deadline, SIGKILL`;
    parts.push(`${head} (PID 1 is ${pid1.text})`, inFlightText(f));
    if (!draining) finding = findingFor(pid1);
    else if (m.keptAlive.kind === 'open') finding = 'keepalive-not-closed';
    else if (f.kind === 'reset' || f.kind === 'unanswered') finding = 'grace-exceeded';
  } else {
    const head = `SIGTERM: exited ${m.exitCode} after ${m.exitAfterS.toFixed(1)} s, ${inFlightText(f)}`;
    parts.push(requestOk ? head : `${head} (PID 1 is ${pid1.text})`);
    if (!requestOk && pid1.kind === 'tini') finding = 'tini-no-group';
  }
  if (m.listener !== 'unobserved')
    parts.push(draining ? 'listener closed before exit' : `listener open until ${m.killed ? 'SIGKILL' : 'exit'}`);
  if (m.keptAlive.kind === 'closed') parts.push(`idle kept-alive connection closed ${m.keptAlive.afterS.toFixed(1)} s after SIGTERM`);
  else if (m.keptAlive.kind === 'open') parts.push(`idle kept-alive connection left open until ${m.killed ? 'SIGKILL' : 'exit'}`);
  if (m.preStop) parts.push(`${m.preStop} first`);
  const details = {
    killed: m.killed,
    exitCode: m.exitCode,
    termVia: m.termVia,
    exitAfterS: Number(m.exitAfterS.toFixed(2)),
    deadlineS: m.deadlineS,
    keptAlive: m.keptAlive.kind,
    inFlight: f.kind,
    inFlightStatus: f.kind === 'answered' ? f.status : null,
    listener: m.listener,
    replyAfterS: m.replyAfterS ?? null,
    refusedAfterS: m.refusedAfterS ?? null,
    preStop: m.preStop ?? null,
    pid1: pid1.text,
  };
  return { check: 'sigterm', ok: !m.killed && requestOk, line: parts.join('; '), details, ...(finding ? { finding } : {}) };
}
