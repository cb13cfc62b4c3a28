import { ZerodropError } from '../errors/index.ts';
import { runCommand, which } from '../util/index.ts';

/** Kubernetes v1.34 needs Go 1.24 or newer (Debian bookworm's golang package is too old). */
export const MIN_GO: readonly [number, number] = [1, 24];

/** True when a `go env GOVERSION` string such as `go1.26.8` is at least `min`. */
export function goVersionOk(goVersion: string, min: readonly [number, number] = MIN_GO): boolean {
  const m = /^go(\d+)\.(\d+)/.exec(goVersion.trim());
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > min[0] || (major === min[0] && minor >= min[1]);
}

/** Fails with one line when Go is missing or too old. */
export async function ensureGo(): Promise<string> {
  const hint = `install Go ${MIN_GO.join('.')} or newer and put it on PATH`;
  if (!(await which('go')))
    throw new ZerodropError('Go is not installed: the offline image builds Kubernetes from the Go module proxy', { hint });
  const { stdout } = await runCommand('go', ['env', 'GOVERSION']);
  if (!goVersionOk(stdout)) throw new ZerodropError(`Go ${stdout.trim()} is too old to build Kubernetes v1.34`, { hint });
  return stdout.trim();
}
