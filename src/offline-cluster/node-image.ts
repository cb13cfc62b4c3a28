import { copyFile, cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CommandError } from '../errors/index.ts';
import type { Log } from '../util/index.ts';
import { runCommand, succeeds } from '../util/index.ts';
import type { BuiltImage } from './component-images.ts';
import { cacheDir, IMAGES_DIR } from './paths.ts';

/** Stage 1: the debootstrap base plus kubeadm/kubelet/kubectl, units, containerd config, entrypoint. */
export async function buildNodeStage(opts: { base: string; tag: string; kubeBin: string; version: string; log: Log }): Promise<void> {
  const ctx = join(cacheDir(), 'ctx', 'node-stage');
  await rm(ctx, { recursive: true, force: true });
  await mkdir(join(ctx, 'bin'), { recursive: true });
  await cp(join(IMAGES_DIR, 'node', 'files'), join(ctx, 'files'), { recursive: true });
  for (const b of ['kubeadm', 'kubelet', 'kubectl']) await copyFile(join(opts.kubeBin, b), join(ctx, 'bin', b));
  await runCommand(
    'docker',
    [
      'build',
      '-q',
      '-f',
      join(IMAGES_DIR, 'node', 'Dockerfile'),
      '--build-arg',
      `BASE=${opts.base}`,
      '--build-arg',
      `KUBE_VERSION=${opts.version}`,
      '-t',
      opts.tag,
      ctx,
    ],
    { nice: true },
  );
  opts.log(`built ${opts.tag}`);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(500);
  }
  throw new CommandError(what, null, `timed out after ${timeoutMs / 1000} s`);
}

/** `ctr` arguments that import a `docker save` archive from stdin into the k8s.io namespace. */
export function ctrImportArgs(): string[] {
  return ['ctr', '--namespace=k8s.io', 'images', 'import', '--all-platforms', '--digests', '--snapshotter=overlayfs', '-'];
}

/**
 * Stage 2: runs stage 1 privileged with containerd's root on a host directory (overlayfs cannot
 * nest on Docker's overlay rootfs), imports every component image, labels it pinned, stops
 * containerd, and bakes that containerd tree into the final node image.
 */
export async function preloadNodeImage(opts: {
  stage: string;
  tag: string;
  images: readonly BuiltImage[];
  /** Recorded as label zerodrop.stamp so an unchanged rebuild is skipped. */
  stamp: string;
  log: Log;
}): Promise<void> {
  const work = join(cacheDir(), 'ctx', 'node-preload');
  const root = join(work, 'containerd');
  await rm(work, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  await mkdir('/lib/modules', { recursive: true });
  const name = `zerodrop-preload-${process.pid}`;
  await runCommand('docker', [
    'run',
    '-d',
    '--name',
    name,
    '--privileged',
    '--cgroupns=private',
    '--stop-signal',
    'SIGRTMIN+3',
    '--tmpfs',
    '/tmp',
    '--tmpfs',
    '/run',
    '-v',
    `${root}:/var/lib/containerd`,
    '-v',
    '/lib/modules:/lib/modules:ro',
    opts.stage,
  ]);
  try {
    await waitFor(() => succeeds('docker', ['exec', name, 'ctr', 'version']), 90_000, 'containerd in the preload container');
    for (const img of opts.images) {
      await runCommand('docker', ['exec', '-i', name, ...ctrImportArgs()], { stdinFile: img.archive });
      await runCommand('docker', [
        'exec',
        name,
        'ctr',
        '--namespace=k8s.io',
        'images',
        'label',
        img.tag,
        'io.cri-containerd.pinned=pinned',
      ]);
      opts.log(`preloaded ${img.tag}`);
    }
    const { stdout } = await runCommand('docker', ['exec', name, 'ctr', '--namespace=k8s.io', 'images', 'ls', '-q']);
    for (const img of opts.images) {
      if (!stdout.split('\n').includes(img.tag)) throw new CommandError('ctr images ls', 1, `${img.tag} missing after import`);
    }
    await runCommand('docker', ['exec', name, 'systemctl', 'stop', 'containerd']);
  } finally {
    await runCommand('docker', ['rm', '-f', name]).catch(() => undefined);
  }
  await runCommand('tar', ['--numeric-owner', '--xattrs', '-C', root, '-cf', join(work, 'containerd.tar'), '.'], { nice: true });
  await rm(root, { recursive: true, force: true });
  await runCommand(
    'docker',
    [
      'build',
      '-q',
      '-f',
      join(IMAGES_DIR, 'node', 'preload.Dockerfile'),
      '--build-arg',
      `STAGE=${opts.stage}`,
      '--label',
      `zerodrop.stamp=${opts.stamp}`,
      '-t',
      opts.tag,
      work,
    ],
    { nice: true },
  );
  await rm(work, { recursive: true, force: true });
  opts.log(`built ${opts.tag}`);
}
