import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Log } from '../util/index.ts';
import { appBaseStamp, buildAppBaseImage } from './app-base-image.ts';
import { buildNodeBaseImage, buildSlimBaseImage } from './base-image.ts';
import { buildComponentImages, imageLabel, kubeadmImageList } from './component-images.ts';
import { ensureDocker } from './docker-setup.ts';
import { ETCD_SPEC, type GoBuildResult, goBuild, KIND_SPEC, kubernetesSpec, PAUSE_SPEC } from './go-build.ts';
import { ensureGo } from './go-toolchain.ts';
import { ensurePackages } from './host-packages.ts';
import { buildNodeStage, preloadNodeImage } from './node-image.ts';
import { IMAGE_TAGS, IMAGES_DIR, VERSIONS } from './paths.ts';
import { ensurePrivilegedContainers } from './privileged-check.ts';

export interface OfflineImageResult {
  nodeImage: string;
  appBaseImage: string;
  kind: string;
  /** Seconds per step (only the steps that ran). */
  timings: Record<string, number>;
  /** Lines for images not built (CoreDNS). */
  skipped: string[];
  /** Set when the runc wrapper had to be installed. */
  wrapperNote?: string;
}

async function hashTree(dir: string, h: ReturnType<typeof createHash>): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = join(dir, e.name);
    h.update(p);
    if (e.isDirectory()) await hashTree(p, h);
    else h.update(await readFile(p));
  }
}

/** Hash of everything the node image is made of: images/ files plus the built binaries' stamps. */
async function nodeImageStamp(builds: GoBuildResult[]): Promise<string> {
  const h = createHash('sha256');
  await hashTree(IMAGES_DIR, h);
  for (const b of builds) h.update(await readFile(join(b.dir, '.zerodrop-stamp'), 'utf8').catch(() => b.dir));
  return h.digest('hex').slice(0, 32);
}

/**
 * `zerodrop cluster image --offline`: builds kind, Kubernetes, etcd and pause from the Go module proxy,
 * the base images with debootstrap, the component images under kubeadm's tags, the node image with
 * them preloaded, and the scenario app's offline base. Every step is cached; `force` rebuilds.
 */
export async function buildOfflineImages(log: Log, force = false): Promise<OfflineImageResult> {
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    const out = await fn();
    timings[name] = Math.round((Date.now() - t0) / 100) / 10;
    return out;
  };
  await ensureGo();
  await ensurePackages(['debootstrap', 'busybox-static'], log);
  await ensureDocker(log);
  const wrapperNote = await ensurePrivilegedContainers(log);
  const k8s = await step('go build kubernetes', () => goBuild(kubernetesSpec(), log, force));
  const kind = await step('go build kind', () => goBuild(KIND_SPEC, log, force));
  const etcd = await step('go build etcd', () => goBuild(ETCD_SPEC, log, force));
  const pause = await step('go build pause', () => goBuild(PAUSE_SPEC, log, force));
  await step('base images', async () => {
    await buildNodeBaseImage(IMAGE_TAGS.nodeBase, log, force);
    await buildSlimBaseImage(IMAGE_TAGS.slimBase, log, force);
  });
  const stamp = await nodeImageStamp([k8s, kind, etcd, pause]);
  let skipped: string[] = [];
  const list = await kubeadmImageList(join(k8s.dir, 'kubeadm'), VERSIONS.kubernetes);
  if (force || (await imageLabel(IMAGE_TAGS.node, 'zerodrop.stamp')) !== stamp) {
    const built = await step('component images', () =>
      buildComponentImages(list, { kubernetes: k8s.dir, etcd: etcd.dir, pause: pause.dir }, log),
    );
    skipped = built.skipped;
    await step('node image', async () => {
      await buildNodeStage({ base: IMAGE_TAGS.nodeBase, tag: IMAGE_TAGS.nodeStage, kubeBin: k8s.dir, version: VERSIONS.kubernetes, log });
      await preloadNodeImage({ stage: IMAGE_TAGS.nodeStage, tag: IMAGE_TAGS.node, images: built.images, stamp, log });
    });
  } else {
    log(`${IMAGE_TAGS.node} is up to date`);
  }
  const appStamp = await appBaseStamp(IMAGE_TAGS.slimBase);
  if (force || (await imageLabel(IMAGE_TAGS.appBase, 'zerodrop.stamp')) !== appStamp) {
    await step('app base image', () => buildAppBaseImage({ slimBase: IMAGE_TAGS.slimBase, tag: IMAGE_TAGS.appBase, stamp: appStamp, log }));
  }
  return { nodeImage: IMAGE_TAGS.node, appBaseImage: IMAGE_TAGS.appBase, kind: join(kind.dir, 'kind'), timings, skipped, wrapperNote };
}
