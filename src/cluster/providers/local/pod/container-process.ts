import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LaunchSpec } from './launch-spec.ts';
import { inNetns } from './netns-exec.ts';
import { pid1UnshareArgs } from './pid1-support.ts';
import { exitCodeOf } from './signals.ts';

/**
 * One run of a container's entrypoint. With `pid1`, the entrypoint is PID 1 of a fresh PID namespace
 * (`unshare --pid --fork --kill-child`, inside a user namespace as non-root), and signals go to it by its host PID, so the kernel's rules for
 * PID 1 apply (a signal without a handler is ignored; its death kills the namespace). Without `pid1` it
 * leads its own process group: the stop signal goes to the leader, SIGKILL to the whole group.
 */
export class ContainerProcess {
  readonly pid1: boolean;
  /** Resolves with the exit code (128 + signal number when killed by a signal). */
  readonly exited: Promise<number>;
  exitCode: number | undefined;
  private readonly child: ChildProcess;
  private target: number | undefined;
  private sentKill = false;

  private constructor(child: ChildProcess, pid1: boolean) {
    this.child = child;
    this.pid1 = pid1;
    this.target = pid1 ? undefined : child.pid;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        // util-linux unshare reflects a child's death by signal by raising it on itself, which fails for
        // SIGKILL ("sigprocmask unblock failed", exit 1): after our SIGKILL that exit means 137.
        let exit = exitCodeOf(code, signal);
        if (this.pid1 && this.sentKill && code === 1) exit = 137;
        this.exitCode = exit;
        live.delete(this);
        if (!pid1 && child.pid !== undefined) killGroup(child.pid);
        resolve(exit);
      });
    });
  }

  /** Spawn the entrypoint with stdout/stderr appended to `logPath`; resolves once it runs. */
  static async start(spec: LaunchSpec, logPath: string, pid1: boolean, netns?: string, etc?: string): Promise<ContainerProcess> {
    // As non-root, PID 1 may need a user namespace too (see pid1-support.ts).
    const unshareFlags = pid1 ? ((await pid1UnshareArgs()) ?? ['--pid', '--fork', '--kill-child']) : [];
    const fd = openSync(logPath, 'a');
    let child: ChildProcess;
    try {
      // In a pod network namespace, nsenter joins it and execs the rest (unshare, or the entrypoint): same pid.
      const [cmd, ...args] = inNetns(netns, pid1 ? ['unshare', ...unshareFlags, '--', ...spec.argv] : spec.argv, etc);
      child = spawn(cmd!, args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', fd, fd], detached: true });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
    } finally {
      closeSync(fd);
    }
    const proc = new ContainerProcess(child, pid1);
    trackUntilExit(proc);
    if (pid1) await proc.findNamespaceInit();
    return proc;
  }

  /** Host PID of the container's PID 1 (the entrypoint), once known. */
  get pid(): number | undefined {
    return this.target;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** Send the stop signal to PID 1 (or the group leader). Returns false when there was no one to signal. */
  signal(sig: NodeJS.Signals): boolean {
    if (!this.running || this.target === undefined) return false;
    try {
      process.kill(this.target, sig);
      return true;
    } catch {
      return false;
    }
  }

  /** SIGKILL to PID 1 (the kernel then kills its whole namespace), or to the whole process group. */
  kill(): void {
    if (!this.running) return;
    this.sentKill = true;
    const pid = this.child.pid;
    if (this.pid1) {
      // Kill PID 1 only: unshare then reaps it (killing unshare first would orphan a zombie) and exits.
      // unshare itself is killed only when PID 1 is unknown or unshare lingers.
      if (this.target !== undefined) tryKill(this.target, 'SIGKILL');
      const unshare = setTimeout(
        () => {
          if (pid !== undefined) tryKill(pid, 'SIGKILL');
        },
        this.target === undefined ? 0 : 1000,
      );
      void this.exited.then(() => clearTimeout(unshare));
    } else if (pid !== undefined) {
      killGroup(pid);
    }
  }

  /** Synchronous last-resort SIGKILL when the harness process itself exits. */
  killNow(): void {
    if (this.target !== undefined) tryKill(this.target, 'SIGKILL');
    if (this.child.pid !== undefined) this.pid1 ? tryKill(this.child.pid, 'SIGKILL') : killGroup(this.child.pid);
  }

  /**
   * Wait until the PID-namespace unshare's child exists and has exec'd the entrypoint (its cmdline
   * differs from unshare's). Before that, the spawned pid may still be nsenter, or the mount-namespace
   * step (unshare --mount, then a shell whose `mount` children are no namespace init).
   */
  private async findNamespaceInit(): Promise<void> {
    const pid = this.child.pid!;
    for (let i = 0; i < 400 && this.running; i++) {
      const own = readText(`/proc/${pid}/cmdline`);
      const kid = own !== undefined && isPidUnshare(own) ? childOf(pid) : undefined;
      if (kid !== undefined) {
        this.target = kid;
        const cmdline = readText(`/proc/${kid}/cmdline`);
        if (cmdline !== undefined && cmdline !== own) return;
      }
      await sleep(5);
    }
  }
}

/** Whether a /proc cmdline is `unshare … --pid …` (before its `--`). */
function isPidUnshare(cmdline: string): boolean {
  const argv = cmdline.split('\0');
  const end = argv.indexOf('--');
  return basename(argv[0] ?? '') === 'unshare' && argv.slice(1, end < 0 ? undefined : end).includes('--pid');
}

/** Containers still running; the harness's own exit kills them so no pod outlives a crashed run. */
const live = new Set<ContainerProcess>();
let exitHook = false;

function trackUntilExit(proc: ContainerProcess): void {
  if (!proc.running) return;
  live.add(proc);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const p of live) p.killNow();
  });
}

/** First child of `pid`: from /proc/<pid>/task/<pid>/children, else by scanning every /proc/<n>/stat. */
function childOf(pid: number): number | undefined {
  const listed = readText(`/proc/${pid}/task/${pid}/children`);
  if (listed !== undefined) {
    const first = listed.trim().split(/\s+/).find(Boolean);
    return first === undefined ? undefined : Number(first);
  }
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readText(`/proc/${name}/stat`);
    const ppid = stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
    if (ppid === String(pid)) return Number(name);
  }
  return undefined;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function tryKill(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

function killGroup(leader: number): void {
  tryKill(-leader, 'SIGKILL');
}
