import { statSync } from 'node:fs';
import { basename, join, posix, resolve } from 'node:path';
import type { Container, ImageConfig } from '../k8s/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { findScenarioRoot, readManifestScenario, readScenario, scenarioNames } from '../scenario/index.ts';
import { displayPath, readRegularFile } from '../util/index.ts';
import { readInput } from '../yaml/index.ts';
import { containerArgv } from './rules/pid1.ts';
import { isShellScript, SHELLS, shellOperand } from './rules/shells.ts';
import type { CheckTarget } from './types.ts';

export interface CheckRequest {
  /** Scenario names; none and no manifests: the whole catalogue. */
  scenarios: string[];
  /** The user's own Deployment manifests (--manifest). */
  manifests?: string[];
  /** --image: replaces the image of each manifest's first container. */
  image?: string;
  /** The catalogue directory (default: the shipped scenarios/). */
  scenarioRoot?: string;
}

/** The targets a check reviews; bad input (unknown scenario, unreadable manifest) is a ZerodropError naming it. */
export async function resolveCheckTargets(req: CheckRequest): Promise<CheckTarget[]> {
  const manifests = req.manifests ?? [];
  const named = req.scenarios.length > 0 || manifests.length === 0;
  const root = named ? (req.scenarioRoot ?? findScenarioRoot()) : '';
  const names = req.scenarios.length > 0 ? [...new Set(req.scenarios)] : named ? await scenarioNames(root) : [];
  const targets: CheckTarget[] = [];
  for (const name of names) targets.push(await scenarioTarget(root, name));
  for (const file of manifests) targets.push(await manifestTarget(file, req.image));
  return targets;
}

/** A catalogue scenario: its manifest, its Dockerfile and the scripts its entrypoint runs. */
export async function scenarioTarget(root: string, name: string): Promise<CheckTarget> {
  const s = await readScenario(root, name);
  const container = s.manifests.deployment.spec.template.spec.containers[0];
  const image = s.images[container.image];
  if (!image) return { ...base(s), scripts: [] };
  return {
    ...base(s),
    dockerfile: { file: displayPath(image.dockerfile), text: readInput(image.dockerfile) },
    scripts: entrypointScripts(image, container),
    build: { scenario: name, context: image.context, dockerfile: image.dockerfile },
  };
}

/** The user's own Deployment (--manifest FILE [--image IMAGE]): no Dockerfile, so no scripts. */
export async function manifestTarget(file: string, image?: string): Promise<CheckTarget> {
  const s = await readManifestScenario(file, { image });
  return { ...base(s), scripts: [], image: s.manifests.deployment.spec.template.spec.containers[0].image };
}

function base(s: Scenario): Pick<CheckTarget, 'name' | 'manifestFile' | 'manifests' | 'deployment'> {
  return { name: s.name, manifestFile: displayPath(s.manifests.file), manifests: s.manifests, deployment: s.manifests.deployment };
}

/** The PATH Docker gives a container whose image sets none. */
const DOCKER_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Shell scripts the container's command runs that the Dockerfile COPYs from the build context:
 * every word of the argv (and of a `sh -c` string) that names a copied file, relative to the
 * working directory or, for a bare name, on the image's PATH, and is a shell script (a shell's
 * operand, a `.sh` file or a shell `#!` line).
 */
export function entrypointScripts(image: ImageConfig, container: Container): CheckTarget['scripts'] {
  const argv = containerArgv(container, image) ?? [];
  const inline = shellOperand(argv)?.inline;
  const words = [...argv, ...(inline?.split(/[\s;&|()'"]+/) ?? [])].filter((w) => w !== '');
  const workdir = posix.resolve('/', container.workingDir ?? image.workdir);
  const scripts: CheckTarget['scripts'] = [];
  const path = (image.env.PATH ?? DOCKER_PATH).split(':').filter((d) => d.startsWith('/'));
  words.forEach((w, i) => {
    const places = w.includes('/') ? [posix.resolve(workdir, w)] : [posix.resolve(workdir, w), ...path.map((d) => posix.join(d, w))];
    const host = places.map((p) => contextFile(image, p)).find((h) => h !== undefined);
    if (host === undefined || scripts.some((s) => s.file === displayPath(host))) return;
    const text = tryRead(host);
    if (text !== undefined && isShellScript(host, text, i > 0 && i < argv.length && SHELLS.has(basename(argv[i - 1]))))
      scripts.push({ file: displayPath(host), text });
  });
  return scripts;
}

/** The build-context file a COPY put at `imagePath` (the last COPY that did wins), if any. */
function contextFile(image: ImageConfig, imagePath: string): string | undefined {
  for (const copy of [...image.copies].reverse()) {
    for (const src of copy.sources) {
      if (/[*?[]/.test(src)) continue;
      const host = resolve(image.context, src.replace(/^\/+/, ''));
      if (!copy.dest.endsWith('/')) {
        if (copy.dest === imagePath && isFile(host)) return host;
        continue;
      }
      const rel = posix.relative(copy.dest, imagePath);
      if (rel === '' || rel.startsWith('..')) continue;
      const candidate = statSync(host, { throwIfNoEntry: false })?.isDirectory()
        ? join(host, rel)
        : rel === basename(src)
          ? host
          : undefined;
      if (candidate !== undefined && isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The file's text, or undefined when it is no readable text file under the input size limit (a binary, say). */
function tryRead(file: string): string | undefined {
  try {
    const text = readRegularFile(file);
    return text.includes('\0') ? undefined : text;
  } catch {
    return undefined;
  }
}

function isFile(p: string): boolean {
  return statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
}
