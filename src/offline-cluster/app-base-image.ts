import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ZerodropError } from '../errors/index.ts';
import type { Log } from '../util/index.ts';
import { runCommand } from '../util/index.ts';
import { imageId } from './component-images.ts';
import { cacheDir, IMAGES_DIR, REPO_ROOT } from './paths.ts';

/** The Node 24 binary of the project's `node` npm package (the devDependency that pins Node 24). */
export function nodeBinaryPath(): string {
  return join(REPO_ROOT, 'node_modules', 'node', 'bin', 'node');
}

/**
 * Builds the scenario app's offline base image: the slim debootstrap base (tini, dumb-init, nginx) plus
 * the Node 24 binary, without any registry. Scenario Dockerfiles take it via --build-arg BASE=<tag>.
 */
export async function buildAppBaseImage(opts: { slimBase: string; tag: string; stamp: string; log: Log }): Promise<void> {
  const node = nodeBinaryPath();
  const { stdout } = await runCommand(node, ['--version']).catch(() => {
    throw new ZerodropError(`no Node binary at ${node}`, { hint: 'run npm install (the node devDependency provides it)' });
  });
  if (!stdout.startsWith('v24.')) throw new ZerodropError(`${node} is ${stdout.trim()}, not Node 24`);
  const ctx = join(cacheDir(), 'ctx', 'app-base');
  await rm(ctx, { recursive: true, force: true });
  await mkdir(ctx, { recursive: true });
  await copyFile(node, join(ctx, 'node'));
  await runCommand(
    'docker',
    [
      'build',
      '-q',
      '-f',
      join(IMAGES_DIR, 'app-base', 'Dockerfile'),
      '--build-arg',
      `BASE=${opts.slimBase}`,
      '--label',
      `zerodrop.stamp=${opts.stamp}`,
      '-t',
      opts.tag,
      ctx,
    ],
    { nice: true },
  );
  await rm(ctx, { recursive: true, force: true });
  opts.log(`built ${opts.tag} (Node ${stdout.trim()}, tini, dumb-init, nginx)`);
}

/**
 * What the app base is made of: the slim base's image ID, its Dockerfile and the Node binary's
 * version. A cached app base whose label differs is rebuilt (e.g. after a package was added).
 */
export async function appBaseStamp(slimBase: string): Promise<string> {
  const h = createHash('sha256');
  h.update(await imageId(slimBase));
  h.update(await readFile(join(IMAGES_DIR, 'app-base', 'Dockerfile')));
  h.update((await runCommand(nodeBinaryPath(), ['--version']).catch(() => ({ stdout: '' }))).stdout);
  return h.digest('hex').slice(0, 32);
}

/** `docker build` arguments for a scenario image on the offline base (context: scenarios/). */
export function scenarioBuildArgs(scenario: string, tag: string, base: string): string[] {
  return [
    'build',
    '-q',
    '-f',
    join(REPO_ROOT, 'scenarios', scenario, 'Dockerfile'),
    '--build-arg',
    `BASE=${base}`,
    '-t',
    tag,
    join(REPO_ROOT, 'scenarios'),
  ];
}

/** Builds scenarios/<scenario>/Dockerfile on the offline base as `tag` (no registry involved). */
export async function buildScenarioImage(scenario: string, tag: string, base: string): Promise<void> {
  await runCommand('docker', scenarioBuildArgs(scenario, tag, base), { nice: true });
}
