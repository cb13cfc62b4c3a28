import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who owns something zerodrop created (a pod process, a namespace, a cordon): `<pid>:<start>`, the
 * zerodrop process's pid and start time (clock ticks since boot, /proc/<pid>/stat field 22), so a
 * reused pid is never mistaken for the owner. Lets a later start or `zerodrop cleanup` remove what
 * dead runs left while never touching what live runs own.
 */
let self: string | undefined;

export function ownerMarker(): string {
  self ??= `${process.pid}:${startTime('self') ?? '0'}`;
  return self;
}

/** The marker with the host name, for objects on a cluster several machines may use: `<host>/<pid>:<start>`. */
export function hostOwnerMarker(): string {
  return `${hostname()}/${ownerMarker()}`;
}

/** Whether the process a marker names is alive: same pid, same start time ('0': start time unknown, pid only). */
export function ownerAlive(marker: string): boolean {
  const [pid, start] = marker.split(':');
  const n = Number(pid);
  if (!Number.isInteger(n) || n <= 0) return false;
  const now = startTime(n);
  return now !== undefined && (start === '0' || now === start);
}

/**
 * For a host marker: true when its process is on this host and dead; false when alive or on
 * another host (then it cannot be known, so it is not ours to remove).
 */
export function hostOwnerDead(marker: string): boolean {
  const slash = marker.lastIndexOf('/');
  if (slash < 0 || marker.slice(0, slash) !== hostname()) return false;
  return !ownerAlive(marker.slice(slash + 1));
}

/** The fields of /proc/<pid>/stat after the command (which may hold spaces and parentheses): [0] is field 3, the state. */
function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Field 22 of /proc/<pid>/stat: the start time. */
export function parseStartTime(stat: string): string | undefined {
  return statFields(stat)[19];
}

/** The stat fields of a process of this host; undefined when there is none. */
function readStat(pid: number | 'self'): string[] | undefined {
  try {
    return statFields(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

function startTime(pid: number | 'self'): string | undefined {
  return readStat(pid)?.[19];
}

/** Whether a process of this host runs (exists and is not a zombie or dead). */
export function processRuns(pid: number): boolean {
  const state = readStat(pid)?.[0];
  return state !== undefined && !/^[ZX]/.test(state);
}
