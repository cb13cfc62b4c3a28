import { spawn } from 'node:child_process';

let cached: Promise<boolean> | undefined;

/**
 * Whether `unshare --pid --fork --kill-child` works here (needs util-linux and the right to create
 * a PID namespace: root, or unprivileged user namespaces). Checked once per process, then cached.
 */
export function detectPid1Support(): Promise<boolean> {
  cached ??= probeUnshare();
  return cached;
}

function probeUnshare(): Promise<boolean> {
  if (process.platform !== 'linux') return Promise.resolve(false);
  return new Promise((resolve) => {
    let out = '';
    let child;
    try {
      child = spawn('unshare', ['--pid', '--fork', '--kill-child', '--', '/bin/sh', '-c', 'echo $$'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch {
      resolve(false);
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', () => { clearTimeout(timer); resolve(false); });
    child.on('close', (code) => { clearTimeout(timer); resolve(code === 0 && out.trim() === '1'); });
  });
}
