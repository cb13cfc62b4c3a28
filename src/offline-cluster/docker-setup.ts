import { spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { CommandError, ZerodropError } from '../errors/index.ts';
import type { Log } from '../util/index.ts';
import { runCommand, succeeds, which } from '../util/index.ts';
import { ensurePackages, isRoot } from './host-packages.ts';

export const DOCKERD_LOG = '/var/log/zerodrop-dockerd.log';

/** True when a Docker daemon answers. */
export function dockerAnswers(): Promise<boolean> {
  return succeeds('docker', ['info', '--format', '{{.ServerVersion}}']);
}

async function waitForDocker(timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await dockerAnswers()) return true;
    await sleep(500);
  }
  return false;
}

/** Starts dockerd: through systemd when it is PID 1, else as a detached process logging to DOCKERD_LOG. */
export async function startDockerd(log: Log): Promise<void> {
  if (!isRoot()) {
    throw new ZerodropError('the Docker daemon is not running and starting it needs root', {
      hint: 'start dockerd (sudo systemctl start docker) or run as root',
    });
  }
  if (existsSync('/run/systemd/system') && (await succeeds('systemctl', ['start', 'docker']))) {
    log('started dockerd with systemctl');
  } else {
    const out = openSync(DOCKERD_LOG, 'a');
    const child = spawn('dockerd', [], { detached: true, stdio: ['ignore', out, out] });
    child.unref();
    log(`started dockerd (pid ${child.pid}, log ${DOCKERD_LOG})`);
  }
  if (!(await waitForDocker(60_000))) {
    const tail = await readFile(DOCKERD_LOG, 'utf8').catch(() => '');
    const last = tail.trim().split('\n').pop() ?? '';
    throw new ZerodropError(`dockerd did not come up within 60 s${last ? `: ${last}` : ''}`, { hint: `see ${DOCKERD_LOG}` });
  }
}

/** Stops a dockerd we can manage (systemd or the pid file) and starts it again. */
export async function restartDockerd(log: Log): Promise<void> {
  if (existsSync('/run/systemd/system') && (await succeeds('systemctl', ['is-active', 'docker']))) {
    await runCommand('systemctl', ['restart', 'docker']);
    if (!(await waitForDocker(60_000))) throw new ZerodropError('dockerd did not come back after a restart');
    return;
  }
  const pid = Number((await readFile('/var/run/docker.pid', 'utf8').catch(() => '')).trim());
  if (pid > 0) {
    process.kill(pid, 'SIGTERM');
    const end = Date.now() + 30_000;
    while (Date.now() < end && existsSync(`/proc/${pid}`)) await sleep(200);
  }
  await startDockerd(log);
}

/**
 * Makes sure a Docker engine answers: installs Debian's docker.io when dockerd is missing and starts
 * dockerd when none runs. Fails with one line naming the missing piece.
 */
export async function ensureDocker(log: Log): Promise<void> {
  if (await dockerAnswers()) return;
  const why = await runCommand('docker', ['info']).then(
    () => '',
    (e: unknown) => (e instanceof CommandError ? e.stderr : ''),
  );
  if (/permission denied/i.test(why)) {
    throw new ZerodropError('cannot reach the Docker daemon: permission denied on its socket', {
      hint: 'run as root or add this user to the docker group',
    });
  }
  if (!(await which('dockerd')) || !(await which('docker'))) {
    if (!isRoot()) {
      throw new ZerodropError('Docker is not installed and installing docker.io needs root', {
        hint: 'run as root or: sudo apt-get install docker.io',
      });
    }
    await ensurePackages(['docker.io'], log);
  }
  await startDockerd(log);
}
