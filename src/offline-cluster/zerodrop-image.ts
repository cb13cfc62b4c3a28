import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Log, runCommand } from '../util/index.ts';
import { imageExists } from './component-images.ts';
import { cacheDir, IMAGE_TAGS, REPO_ROOT } from './paths.ts';
import { ZERODROP_DOCKERFILE, type ZerodropImageTags, zerodropImageTags } from './zerodrop-image-tag.ts';

/**
 * Builds zerodrop's own image (images/zerodrop/Dockerfile) on the offline Node 24 base: packs this
 * package (in a checkout, prepack builds dist/ first; an installed package is packed as it is),
 * installs the tarball with its production dependencies into a fresh project (the build context),
 * and builds on it, so the image holds exactly what `npm install zerodrop` gives a user. The same
 * image is the load agent of `--load-from cluster` (`zerodrop agent`). When an image with the same
 * content tag exists, nothing is built (`built: false`); the version tag is set either way.
 */
export async function buildZerodropImage(opts: { base?: string; log?: Log } = {}): Promise<ZerodropImageTags & { built: boolean }> {
  const base = opts.base ?? IMAGE_TAGS.appBase;
  const tags = await zerodropImageTags(base);
  const built = !(await imageExists(tags.contentTag));
  if (built) await build(base, tags, opts.log);
  await runCommand('docker', ['tag', tags.contentTag, tags.tag]);
  return { ...tags, built };
}

async function build(base: string, tags: ZerodropImageTags, log?: Log): Promise<void> {
  const ctx = join(cacheDir(), 'ctx', 'zerodrop');
  await rm(ctx, { recursive: true, force: true });
  await mkdir(ctx, { recursive: true });
  try {
    const checkout = existsSync(join(REPO_ROOT, 'tsconfig.json'));
    log?.(`packing ${REPO_ROOT}${checkout ? ' (prepack builds dist/)' : ''}`);
    await runCommand('npm', ['pack', '--silent', '--pack-destination', ctx, ...(checkout ? [] : ['--ignore-scripts'])], { cwd: REPO_ROOT });
    const tarball = (await readdir(ctx)).find((f) => f.endsWith('.tgz'))!;
    await writeFile(join(ctx, 'package.json'), `${JSON.stringify({ name: 'zerodrop-image', private: true, type: 'module' })}\n`);
    log?.(`installing ${tarball} with its production dependencies`);
    await runCommand('npm', ['install', `./${tarball}`, '--omit=dev', '--no-audit', '--no-fund', '--silent'], { cwd: ctx });
    await rm(join(ctx, tarball));
    log?.(`building ${tags.contentTag} on ${base}`);
    const args = ['build', '-q', '-f', ZERODROP_DOCKERFILE, '--build-arg', `BASE=${base}`, '-t', tags.contentTag, ctx];
    await runCommand('docker', args, { nice: true });
  } finally {
    await rm(ctx, { recursive: true, force: true });
  }
}
