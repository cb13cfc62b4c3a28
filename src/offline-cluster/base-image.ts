import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ZerodropError } from '../errors/index.ts';
import type { Log } from '../util/index.ts';
import { runCommand } from '../util/index.ts';
import { imageLabel } from './component-images.ts';
import { ensurePackages, isRoot } from './host-packages.ts';
import { cacheDir, VERSIONS } from './paths.ts';

/** Debian packages of the kind node base image. */
export const NODE_BASE_PACKAGES = [
  'systemd',
  'systemd-sysv',
  'dbus',
  'containerd',
  'runc',
  'containernetworking-plugins',
  'iptables',
  'nftables',
  'conntrack',
  'iproute2',
  'ethtool',
  'util-linux',
  'mount',
  'kmod',
  'procps',
  'socat',
  'ca-certificates',
  'libseccomp2',
] as const;

/**
 * Debian packages of the slim base: kube-proxy's image (iptables with the same nf_tables backend as
 * the node) and the scenario app's offline base (tini, dumb-init, Debian's nginx for the nginx
 * scenarios; Node 24 is copied in).
 */
export const SLIM_BASE_PACKAGES = ['iptables', 'nftables', 'conntrack', 'kmod', 'tini', 'dumb-init', 'nginx', 'ca-certificates'] as const;

export interface RootfsImageOptions {
  tag: string;
  packages: readonly string[];
  /** `docker import --change` lines (ENV, ENTRYPOINT, CMD, WORKDIR). */
  changes: readonly string[];
  log: Log;
  /** Rebuild even when the tag exists. */
  force?: boolean;
}

/** debootstrap arguments: minbase of the suite, no mirror argument (debootstrap's default). */
export function debootstrapArgs(packages: readonly string[], target: string, suite: string = VERSIONS.debianSuite): string[] {
  return ['--variant=minbase', `--include=${packages.join(',')}`, suite, target];
}

/**
 * Builds a Debian rootfs with debootstrap and imports it into Docker under `tag`.
 * Skipped when the tag exists with the same suite and package list (the built images are the cache).
 */
export async function buildRootfsImage(opts: RootfsImageOptions): Promise<boolean> {
  // The package list is the image's stamp: a cached image built from another list is rebuilt.
  const stamp = [VERSIONS.debianSuite, ...opts.packages].join(',');
  if (!opts.force && (await imageLabel(opts.tag, 'zerodrop.packages')) === stamp) return false;
  if (!isRoot()) throw new ZerodropError('building the base image runs debootstrap, which needs root', { hint: 'run as root' });
  await ensurePackages(['debootstrap'], opts.log);
  const work = join(cacheDir(), 'rootfs', opts.tag.replace(/[^a-zA-Z0-9.-]+/g, '_'));
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const rootfs = join(work, 'rootfs');
  opts.log(`debootstrap ${VERSIONS.debianSuite} (${opts.packages.length} packages) for ${opts.tag}`);
  await runCommand('debootstrap', debootstrapArgs(opts.packages, rootfs), { nice: true });
  // Trim what a container image does not need.
  for (const p of ['var/cache/apt/archives', 'var/lib/apt/lists', 'usr/share/doc', 'usr/share/man', 'usr/share/locale']) {
    await rm(join(rootfs, p), { recursive: true, force: true });
  }
  const tar = join(work, 'rootfs.tar');
  await runCommand('tar', ['--numeric-owner', '--xattrs', '-C', rootfs, '-cf', tar, '.'], { nice: true });
  const changeArgs = [...opts.changes, `LABEL zerodrop.packages=${stamp}`].flatMap((c) => ['--change', c]);
  await runCommand('docker', ['import', ...changeArgs, tar, opts.tag]);
  await rm(work, { recursive: true, force: true });
  opts.log(`imported ${opts.tag}`);
  return true;
}

export function buildNodeBaseImage(tag: string, log: Log, force = false): Promise<boolean> {
  return buildRootfsImage({
    tag,
    packages: NODE_BASE_PACKAGES,
    changes: ['ENV container=docker', 'ENTRYPOINT ["/sbin/init"]'],
    log,
    force,
  });
}

export function buildSlimBaseImage(tag: string, log: Log, force = false): Promise<boolean> {
  return buildRootfsImage({
    tag,
    packages: SLIM_BASE_PACKAGES,
    changes: ['ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    log,
    force,
  });
}
