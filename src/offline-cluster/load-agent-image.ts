import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ZerodropError } from '../errors/index.ts';
import { type Log, runCommand } from '../util/index.ts';
import { imageExists } from './component-images.ts';
import { AGENT_ENTRY, filesUnder, packageClosure, sourceClosure } from './load-agent-inputs.ts';
import { cacheDir, IMAGE_TAGS, IMAGES_DIR, REPO_ROOT } from './paths.ts';

/** Repository of the load agent image; the tag is a hash of everything in it. */
export const LOAD_AGENT_REPOSITORY = 'zerodrop/load-agent';
const DOCKERFILE = join(IMAGES_DIR, 'load-agent', 'Dockerfile');
/** The build context's package.json: the sources are ES modules (Node strips their types). */
const PACKAGE_JSON = `${JSON.stringify({ name: 'zerodrop-load-agent', private: true, type: 'module' }, null, 2)}\n`;

interface AgentInputs {
  files: string[];
  tag: string;
}

async function baseImageId(base: string): Promise<string> {
  const { stdout } = await runCommand('docker', ['image', 'inspect', '-f', '{{.Id}}', base]).catch((err: unknown) => {
    throw new ZerodropError(`base image ${base} is not built`, { hint: 'run: zerodrop cluster image --offline', cause: err });
  });
  return stdout.trim();
}

/** The files of the build context (repository-relative) and the tag naming their content, the Dockerfile's and the base image's. */
async function agentInputs(base: string): Promise<AgentInputs> {
  const files = [...(await sourceClosure(AGENT_ENTRY))];
  for (const dir of await packageClosure()) files.push(...(await filesUnder(dir)));
  const h = createHash('sha256');
  h.update(await baseImageId(base))
    .update(await readFile(DOCKERFILE))
    .update(PACKAGE_JSON);
  for (const f of files) h.update(`\0${f}\0`).update(await readFile(join(REPO_ROOT, f)));
  return { files, tag: `${LOAD_AGENT_REPOSITORY}:${h.digest('hex').slice(0, 12)}` };
}

/** The tag the load agent image has (or would have) for the current sources, without building it. */
export async function loadAgentImageTag(base: string = IMAGE_TAGS.appBase): Promise<string> {
  return (await agentInputs(base)).tag;
}

/**
 * Builds the load agent image on the offline Node 24 base (images/load-agent/Dockerfile), tagged
 * by a hash of its inputs: a rerun with the same sources finds the tag and builds nothing.
 * Returns the tag and whether it was built now.
 */
export async function buildLoadAgentImage(opts: { base?: string; log?: Log } = {}): Promise<{ tag: string; built: boolean }> {
  const base = opts.base ?? IMAGE_TAGS.appBase;
  const { files, tag } = await agentInputs(base);
  if (await imageExists(tag)) return { tag, built: false };
  const ctx = join(cacheDir(), 'ctx', 'load-agent');
  await rm(ctx, { recursive: true, force: true });
  await mkdir(ctx, { recursive: true });
  try {
    for (const f of files) {
      await mkdir(dirname(join(ctx, f)), { recursive: true });
      await cp(join(REPO_ROOT, f), join(ctx, f));
    }
    await writeFile(join(ctx, 'package.json'), PACKAGE_JSON);
    opts.log?.(`building ${tag} on ${base} (${files.length} files)`);
    await runCommand('docker', ['build', '-q', '-f', DOCKERFILE, '--build-arg', `BASE=${base}`, '-t', tag, ctx], { nice: true });
  } finally {
    await rm(ctx, { recursive: true, force: true });
  }
  return { tag, built: true };
}
