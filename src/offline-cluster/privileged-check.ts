import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandError } from '../errors/index.ts';
import type { Log } from '../util/index.ts';
import { runCommand, succeeds, which } from '../util/index.ts';
import { boundingSetFromStatus, missingCapabilities } from './capability-mask.ts';
import { restartDockerd } from './docker-setup.ts';
import { ensurePackages } from './host-packages.ts';
import { daemonJsonWithWrapper, WRAPPER_PATH, wrapperScript } from './runc-wrapper.ts';

export const PROBE_IMAGE = 'zerodrop/probe:1';

/** A one-binary image (busybox-static) built without any registry, for probing the engine. */
export async function ensureProbeImage(log: Log): Promise<void> {
  if (await succeeds('docker', ['image', 'inspect', PROBE_IMAGE])) return;
  await ensurePackages(['busybox-static'], log);
  const dir = await mkdtemp(join(tmpdir(), 'zerodrop-probe-'));
  try {
    const root = join(dir, 'root');
    await mkdir(join(root, 'bin'), { recursive: true });
    await copyFile('/bin/busybox', join(root, 'bin/busybox'));
    for (const app of ['sh', 'true', 'sleep', 'cat']) await symlink('busybox', join(root, 'bin', app));
    await runCommand('tar', ['-C', root, '-cf', join(dir, 'root.tar'), '.']);
    await runCommand('docker', ['import', join(dir, 'root.tar'), PROBE_IMAGE]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function probePrivileged(): Promise<void> {
  return runCommand('docker', ['run', '--rm', '--privileged', PROBE_IMAGE, '/bin/true']).then(() => undefined);
}

/**
 * kind runs its nodes privileged. Where `docker run --privileged` fails because the machine's
 * capability bounding set lacks capabilities Docker asks for, install a runc wrapper that drops
 * them and make it Docker's default runtime. Returns the line describing what was done, if anything.
 */
export async function ensurePrivilegedContainers(log: Log): Promise<string | undefined> {
  await ensureProbeImage(log);
  let first: unknown;
  try {
    await probePrivileged();
    return undefined;
  } catch (err) {
    first = err;
  }
  const stderr = first instanceof CommandError ? first.stderr : String(first);
  if (!/apply caps|operation not permitted/i.test(stderr)) throw first;
  const status = await readFile('/proc/self/status', 'utf8');
  const lastCap = Number((await readFile('/proc/sys/kernel/cap_last_cap', 'utf8')).trim());
  const missing = missingCapabilities(boundingSetFromStatus(status), lastCap);
  if (missing.length === 0) throw first;
  const realRunc = (await which('runc')) ?? '/usr/sbin/runc';
  await mkdir(join(WRAPPER_PATH, '..'), { recursive: true });
  await writeFile(WRAPPER_PATH, wrapperScript(missing, realRunc));
  await chmod(WRAPPER_PATH, 0o755);
  const daemonPath = '/etc/docker/daemon.json';
  const existing = JSON.parse(await readFile(daemonPath, 'utf8').catch(() => '{}')) as Record<string, unknown>;
  await mkdir('/etc/docker', { recursive: true });
  await writeFile(daemonPath, `${JSON.stringify(daemonJsonWithWrapper(existing), null, 2)}\n`);
  const line = `privileged containers failed (capability bounding set lacks ${missing.join(', ')}): installed runc wrapper ${WRAPPER_PATH} as Docker's default runtime`;
  log(line);
  await restartDockerd(log);
  await probePrivileged();
  return line;
}
