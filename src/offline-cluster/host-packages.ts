import { ZerodropError } from '../errors/index.ts';
import type { Log } from '../util/index.ts';
import { runCommand, which } from '../util/index.ts';

/** True when running as root (uid 0). */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Debian packages from `wanted` that dpkg does not report as installed. */
export async function missingPackages(wanted: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const pkg of wanted) {
    const status = await runCommand('dpkg-query', ['-W', '-f', '${Status}', pkg]).then(
      (r) => r.stdout,
      () => '',
    );
    if (!status.includes('install ok installed')) missing.push(pkg);
  }
  return missing;
}

/**
 * Installs the Debian packages that are missing, with apt-get. Fails with one line naming the
 * missing packages when not root or when apt-get is unavailable.
 */
export async function ensurePackages(wanted: readonly string[], log: Log): Promise<void> {
  if (!(await which('dpkg-query'))) {
    throw new ZerodropError(`cannot check for ${wanted.join(', ')}: this is not a Debian-based system (no dpkg-query)`, {
      hint: 'install them with your package manager',
    });
  }
  const missing = await missingPackages(wanted);
  if (missing.length === 0) return;
  if (!isRoot()) {
    throw new ZerodropError(`missing Debian packages ${missing.join(', ')}; installing them needs root`, {
      hint: `run as root or: sudo apt-get install ${missing.join(' ')}`,
    });
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = ['install', '-y', '--no-install-recommends', ...missing];
  try {
    await runCommand('apt-get', install, { env, nice: true });
  } catch {
    await runCommand('apt-get', ['update'], { env, nice: true });
    await runCommand('apt-get', install, { env, nice: true });
  }
}
