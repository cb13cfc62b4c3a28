import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ZerodropError } from '../errors/index.ts';
import { runCommand } from '../util/index.ts';
import { IMAGES_DIR, REPO_ROOT } from './paths.ts';

/** Repository of zerodrop's own image; tagged `<version>` and `<version>-<content hash>`. */
export const ZERODROP_REPOSITORY = 'zerodrop/zerodrop';
export const ZERODROP_DOCKERFILE = join(IMAGES_DIR, 'zerodrop', 'Dockerfile');
/** Files outside package.json `files` that decide what the package holds (a checkout builds dist/ from them). */
const BUILD_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.build.json'];

export interface ZerodropImageTags {
  /** `zerodrop/zerodrop:<version>`: the name users see. */
  tag: string;
  /** `zerodrop/zerodrop:<version>-<hash>`: names this content, so a node never runs a stale agent. */
  contentTag: string;
}

async function walk(path: string): Promise<string[]> {
  if (!existsSync(path)) return [];
  const entries = await readdir(path, { withFileTypes: true, recursive: true }).catch(() => undefined);
  if (!entries) return [path]; // a file
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * The image's tags for the package as it is now: the version, and a hash of the base image's id,
 * the Dockerfile and every file the package ships (in a checkout, the sources dist/ is built
 * from instead of dist/), so a rebuild is skipped only when nothing in it would change.
 */
export async function zerodropImageTags(base: string, root = REPO_ROOT): Promise<ZerodropImageTags> {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string; files?: string[] };
  const checkout = existsSync(join(root, 'tsconfig.json'));
  const files = new Set<string>();
  for (const entry of [...(pkg.files ?? []), ...BUILD_INPUTS]) {
    if (checkout && entry === 'dist') continue;
    for (const f of await walk(join(root, entry))) files.add(relative(root, f));
  }
  const { stdout: baseId } = await runCommand('docker', ['image', 'inspect', '-f', '{{.Id}}', base]).catch((err: unknown) => {
    throw new ZerodropError(`base image ${base} is not built`, { hint: 'run: zerodrop cluster image --offline', cause: err });
  });
  const h = createHash('sha256')
    .update(baseId.trim())
    .update(await readFile(ZERODROP_DOCKERFILE));
  for (const f of [...files].sort()) h.update(`\0${f}\0`).update(await readFile(join(root, f)));
  const tag = `${ZERODROP_REPOSITORY}:${pkg.version}`;
  return { tag, contentTag: `${tag}-${h.digest('hex').slice(0, 12)}` };
}
