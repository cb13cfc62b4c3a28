import { cp, glob, mkdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, posix, relative, resolve } from 'node:path';
import { ZerodropError } from '../../../../errors/index.ts';
import type { ImageConfig } from '../../../../k8s/index.ts';

/** Sub-directory of a staged image dir that holds COPY destinations outside WORKDIR (by absolute path). */
export const ROOTFS_DIR = '.rootfs';

/** The image's WORKDIR as an absolute image path (Docker's default is `/`). */
export function imageWorkdir(image: ImageConfig): string {
  return posix.resolve('/', image.workdir || '/');
}

/**
 * Where an absolute path inside the image lives in the staged dir: WORKDIR maps to `dir` itself,
 * anything else to `dir/.rootfs/<path>`.
 */
export function hostPathFor(imagePath: string, image: ImageConfig, dir: string): string {
  const abs = posix.resolve(imageWorkdir(image), imagePath);
  const rel = posix.relative(imageWorkdir(image), abs);
  if (rel === '') return dir;
  if (!rel.startsWith('..') && !posix.isAbsolute(rel)) return join(dir, rel);
  return join(dir, ROOTFS_DIR, abs);
}

/**
 * Stage an image for the embedded runtime: copy every COPY source (relative to the build context)
 * into `dir`, which stands for WORKDIR. RUN lines are build-time only and are not replayed.
 * Returns `dir`.
 */
export async function stageImage(image: ImageConfig, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const copy of image.copies) {
    const sources = await expandSources(image, copy.sources);
    const destIsDir = copy.dest.endsWith('/') || copy.dest === '.' || sources.length > 1;
    const dest = hostPathFor(copy.dest, image, dir);
    for (const src of sources) {
      const st = await stat(src);
      if (st.isDirectory()) {
        await mkdir(dest, { recursive: true });
        await cp(src, dest, { recursive: true, force: true });
      } else if (destIsDir || (await isDir(dest))) {
        await mkdir(dest, { recursive: true });
        await cp(src, join(dest, basename(src)), { force: true });
      } else {
        await mkdir(resolve(dest, '..'), { recursive: true });
        await cp(src, dest, { force: true });
      }
    }
  }
  return dir;
}

async function expandSources(image: ImageConfig, sources: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const source of sources) {
    const pattern = source.replace(/^\/+/, '');
    if (/[*?[]/.test(pattern)) {
      const matches: string[] = [];
      for await (const m of glob(pattern, { cwd: image.context })) matches.push(resolve(image.context, m));
      if (matches.length === 0) throw missing(image, source);
      out.push(...matches.sort());
      continue;
    }
    const abs = resolve(image.context, pattern);
    const rel = relative(image.context, abs);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new ZerodropError(`COPY source "${source}" is outside the build context ${image.context}`, {
        file: image.dockerfile,
        field: 'COPY',
      });
    }
    if (!(await exists(abs))) throw missing(image, source);
    out.push(abs);
  }
  return out;
}

function missing(image: ImageConfig, source: string): ZerodropError {
  return new ZerodropError(`COPY source "${source}" not found in the build context ${image.context}`, {
    file: image.dockerfile,
    field: 'COPY',
  });
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
