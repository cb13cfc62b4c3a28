import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Log, runCommand } from '../util/index.ts';
import { cacheDir, IMAGE_TAGS, IMAGES_DIR, REPO_ROOT } from './paths.ts';

/** Repository of zerodrop's own image; the tag is the package version. */
export const ZERODROP_REPOSITORY = 'zerodrop/zerodrop';
const DOCKERFILE = join(IMAGES_DIR, 'zerodrop', 'Dockerfile');

/**
 * Builds zerodrop's own image (images/zerodrop/Dockerfile) on the offline Node 24 base: packs this
 * package (in a checkout, prepack builds dist/ first; an installed package is packed as it is),
 * installs the tarball with its production dependencies into a fresh project (the build context),
 * and builds on it, so the image holds exactly what `npm install zerodrop` gives a user.
 */
export async function buildZerodropImage(opts: { base?: string; log?: Log } = {}): Promise<{ tag: string }> {
  const base = opts.base ?? IMAGE_TAGS.appBase;
  const { version } = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const tag = `${ZERODROP_REPOSITORY}:${version}`;
  const ctx = join(cacheDir(), 'ctx', 'zerodrop');
  await rm(ctx, { recursive: true, force: true });
  await mkdir(ctx, { recursive: true });
  try {
    const checkout = existsSync(join(REPO_ROOT, 'tsconfig.json'));
    opts.log?.(`packing ${REPO_ROOT}${checkout ? ' (prepack builds dist/)' : ''}`);
    await runCommand('npm', ['pack', '--silent', '--pack-destination', ctx, ...(checkout ? [] : ['--ignore-scripts'])], { cwd: REPO_ROOT });
    const tarball = (await readdir(ctx)).find((f) => f.endsWith('.tgz'))!;
    await writeFile(join(ctx, 'package.json'), `${JSON.stringify({ name: 'zerodrop-image', private: true, type: 'module' })}\n`);
    opts.log?.(`installing ${tarball} with its production dependencies`);
    await runCommand('npm', ['install', `./${tarball}`, '--omit=dev', '--no-audit', '--no-fund', '--silent'], { cwd: ctx });
    await rm(join(ctx, tarball));
    opts.log?.(`building ${tag} on ${base}`);
    await runCommand('docker', ['build', '-q', '-f', DOCKERFILE, '--build-arg', `BASE=${base}`, '-t', tag, ctx], { nice: true });
  } finally {
    await rm(ctx, { recursive: true, force: true });
  }
  return { tag };
}
