import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Log } from '../util/index.ts';
import { runCommand, succeeds } from '../util/index.ts';
import { type ImageRecipe, parseImageList, planImages } from './image-plan.ts';
import { cacheDir, IMAGE_TAGS, IMAGES_DIR } from './paths.ts';

/** The images kubeadm will ask for, as `kubeadm config images list` prints them. */
export async function kubeadmImageList(kubeadm: string, version: string): Promise<string[]> {
  const { stdout } = await runCommand(kubeadm, ['config', 'images', 'list', '--kubernetes-version', version]);
  const list = parseImageList(stdout);
  if (list.length === 0) throw new Error(`kubeadm config images list printed no images:\n${stdout}`);
  return list;
}

export interface BinaryDirs {
  /** Directory holding kube-apiserver, kube-controller-manager, kube-scheduler, kube-proxy. */
  kubernetes: string;
  etcd: string;
  pause: string;
}

export interface BuiltImage {
  tag: string;
  /** `docker save` archive of the image (what gets imported into the node's containerd). */
  archive: string;
}

function dockerfileFor(recipe: Exclude<ImageRecipe, { kind: 'skipped' }>): string {
  const file = recipe.kind === 'static' ? 'static.Dockerfile' : `${recipe.kind}.Dockerfile`;
  return join(IMAGES_DIR, 'components', file);
}

function binaryDir(recipe: Exclude<ImageRecipe, { kind: 'skipped' }>, dirs: BinaryDirs): string {
  if (recipe.binary === 'etcd') return dirs.etcd;
  if (recipe.binary === 'pause') return dirs.pause;
  return dirs.kubernetes;
}

/**
 * Builds every component image under the exact tag kubeadm prints, and saves each to a tar in the
 * cache. Returns the built images and a line per skipped image.
 */
export async function buildComponentImages(
  list: readonly string[],
  dirs: BinaryDirs,
  log: Log,
): Promise<{ images: BuiltImage[]; skipped: string[] }> {
  const images: BuiltImage[] = [];
  const skipped: string[] = [];
  const saveDir = join(cacheDir(), 'images');
  await mkdir(saveDir, { recursive: true });
  for (const recipe of planImages(list)) {
    if (recipe.kind === 'skipped') {
      skipped.push(`${recipe.tag}: ${recipe.reason}`);
      continue;
    }
    const ctx = join(cacheDir(), 'ctx', recipe.binary);
    await rm(ctx, { recursive: true, force: true });
    await mkdir(ctx, { recursive: true });
    await copyFile(join(binaryDir(recipe, dirs), recipe.binary), join(ctx, recipe.binary));
    const args = ['build', '-q', '-f', dockerfileFor(recipe), '-t', recipe.tag];
    if (recipe.kind === 'static') args.push('--build-arg', `BINARY=${recipe.binary}`);
    if (recipe.kind === 'kube-proxy') args.push('--build-arg', `BASE=${IMAGE_TAGS.slimBase}`);
    await runCommand('docker', [...args, ctx], { nice: true });
    const archive = join(saveDir, `${recipe.binary}.tar`);
    await runCommand('docker', ['save', '-o', archive, recipe.tag]);
    log(`built ${recipe.tag}`);
    images.push({ tag: recipe.tag, archive });
  }
  return { images, skipped };
}

/** True when Docker has an image under `tag`. */
export function imageExists(tag: string): Promise<boolean> {
  return succeeds('docker', ['image', 'inspect', tag]);
}

/** One label of a local image ('' when the image or the label is absent). */
export async function imageLabel(tag: string, label: string): Promise<string> {
  const { stdout } = await runCommand('docker', ['image', 'inspect', '-f', `{{index .Config.Labels "${label}"}}`, tag]).catch(() => ({
    stdout: '',
  }));
  const value = stdout.trim();
  return value === '<no value>' ? '' : value;
}

/** The local image's ID ('' when absent). */
export async function imageId(tag: string): Promise<string> {
  const { stdout } = await runCommand('docker', ['image', 'inspect', '-f', '{{.Id}}', tag]).catch(() => ({ stdout: '' }));
  return stdout.trim();
}
