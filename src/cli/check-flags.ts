import { closeSync, constants, mkdtempSync, openSync, rmSync, statfsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ZerodropError } from '../errors/index.ts';
import { isWorkloadRef } from '../k8s/index.ts';

/** The flags whose combinations and values are checked before a run starts. */
export interface CheckedFlags {
  provider?: string;
  manifest?: string[];
  image?: string;
  kubeconfig?: string;
  context?: string;
  allowContext?: string;
  target?: string;
  dryRun?: boolean;
  out?: string;
  scenarioDir?: string;
  nodes?: number;
  propagationDelay?: number;
  serviceMode?: string;
}

/** Pseudo file systems a report can never be written to (mkdir -p under /proc even loops in Node). */
const PSEUDO_FS: Record<number, string> = {
  40864: 'proc',
  1650812274: 'sysfs',
  1667723888: 'cgroup2',
  2613483: 'cgroup',
  1684170528: 'debugfs',
  1935894131: 'securityfs',
};

/**
 * Cross-flag and path checks commander cannot express, before anything starts: real-cluster
 * flags with the local provider, --image without --manifest, --target's form, and an --out that
 * cannot be created. Throws one ZerodropError naming the flag.
 */
export function checkFlags(f: CheckedFlags): void {
  const provider = f.provider ?? 'local';
  if (provider === 'local') {
    for (const [flag, value] of [
      ['--kubeconfig', f.kubeconfig],
      ['--context', f.context],
      ['--allow-context', f.allowContext],
      ['--target', f.target],
      ['--dry-run', f.dryRun],
    ] as const) {
      if (value !== undefined && value !== false) {
        throw new ZerodropError('applies to a real cluster, not to the embedded runtime (--provider local)', {
          field: flag,
          hint: 'add --provider kind or --provider kubeconfig, or drop the flag',
        });
      }
    }
  }
  if (provider !== 'local') {
    for (const [flag, value] of [
      ['--nodes', f.nodes],
      ['--propagation-delay', f.propagationDelay],
      ['--service-mode', f.serviceMode],
    ] as const) {
      if (value !== undefined)
        throw new ZerodropError(`applies to the embedded runtime (--provider local), not to --provider ${provider}`, {
          field: flag,
          hint: 'drop the flag',
        });
    }
  }
  if (f.image !== undefined && !f.manifest?.length) {
    throw new ZerodropError('sets the image of a --manifest Deployment, and no --manifest is given', {
      field: '--image',
      hint: 'add --manifest FILE',
    });
  }
  if (f.image !== undefined && /\s/.test(f.image))
    throw new ZerodropError(`must not contain spaces, got ${JSON.stringify(f.image)}`, { field: '--image' });
  if (f.target !== undefined && !isWorkloadRef(f.target)) {
    const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(f.target);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535)
      throw new ZerodropError(`must be host:port (port 1-65535) or deployment/NAME, got ${JSON.stringify(f.target)}`, {
        field: '--target',
      });
  }
  if (f.scenarioDir !== undefined && !isDirectory(f.scenarioDir))
    throw new ZerodropError(`${f.scenarioDir} is not a directory`, { field: '--scenario-dir' });
  if (f.out !== undefined) checkOutDir(f.out);
}

/** --out exists as a writable directory, or can be created under its nearest existing ancestor. */
export function checkOutDir(out: string): void {
  const fail = (why: string) => new ZerodropError(why, { field: '--out', hint: 'pass a writable directory' });
  let dir = resolve(out);
  while (!exists(dir)) {
    if (dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  if (!isDirectory(dir)) throw fail(`${dir} is not a directory`);
  const fs = PSEUDO_FS[Number(statfsSync(dir).type)];
  if (fs !== undefined) throw fail(`${dir} is on the ${fs} pseudo file system: reports cannot be written there`);
  try {
    // A real write (access() says yes to root even on a read-only mount).
    const probe = mkdtempSync(join(dir, '.zerodrop-write-check-'));
    closeSync(openSync(join(probe, 'f'), constants.O_CREAT | constants.O_WRONLY));
    rmSync(probe, { recursive: true, force: true });
  } catch (err) {
    throw fail(`${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
