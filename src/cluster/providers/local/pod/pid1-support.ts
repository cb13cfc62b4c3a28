import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/** unshare flags that make an entrypoint PID 1 of its own PID namespace. */
const PID_NS = ['--pid', '--fork', '--kill-child'];
/** The same inside a new user namespace mapping the caller to root: a PID namespace without root. */
const USER_PID_NS = ['--user', '--map-root-user', ...PID_NS];

let cached: Promise<string[] | undefined> | undefined;

/**
 * Whether entrypoints can run as PID 1 of a PID namespace here: `unshare --pid --fork --kill-child`
 * (root), else, as non-root, the same inside a user namespace (`unshare --user --map-root-user`,
 * where unprivileged user namespaces are allowed). Checked once per process, then cached.
 */
export async function detectPid1Support(): Promise<boolean> {
  return (await pid1UnshareArgs()) !== undefined;
}

/** The unshare flags detectPid1Support() found working, or undefined (process-group mode). */
export function pid1UnshareArgs(): Promise<string[] | undefined> {
  cached ??= (async () => {
    if (process.platform !== 'linux') return undefined;
    if (await probeUnshare(PID_NS)) return PID_NS;
    if (process.getuid?.() !== 0 && (await probeUnshare(USER_PID_NS))) return USER_PID_NS;
    return undefined;
  })();
  return cached;
}

function probeUnshare(flags: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    let out = '';
    let child: ChildProcessByStdio<null, Readable, null>;
    try {
      child = spawn('unshare', [...flags, '--', '/bin/sh', '-c', 'echo $$'], { stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      resolve(false);
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 && out.trim() === '1');
    });
  });
}
