import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ZerodropError } from '../errors/index.ts';
import type { DisruptionKind, ImageConfig, ManifestSet } from '../k8s/index.ts';
import { dns1123LabelProblem, parseDockerfile, readManifests } from '../k8s/index.ts';
import { displayPath, fsReason, isSymlinkLoop } from '../util/index.ts';
import { expectedFor } from './expected-verdict.ts';
import { scenarioNames } from './list-scenarios.ts';
import { readScenarioFile } from './read-scenario-file.ts';
import type { Scenario } from './types.ts';

export interface ReadScenarioOptions {
  /** `--build-arg`-style overrides for the Dockerfile's ARGs (e.g. BASE for the offline path). */
  buildArgs?: Record<string, string>;
  /** The run's disruption: a per-disruption `expected` resolves for it (default: the first one listed). */
  disruption?: DisruptionKind;
}

/**
 * Load scenarios/<name>: scenario.yaml, manifest.yaml and the Dockerfile (build context: the
 * scenarios dir), the image keyed by the manifest's image name `zerodrop/<name>:<tag>`.
 * `expected` is the verdict for `opts.disruption`. An unknown name is a ZerodropError naming the
 * scenarios dir and the known names.
 */
export async function readScenario(root: string, name: string, opts: ReadScenarioOptions = {}): Promise<Scenario> {
  const rootDir = resolve(root);
  checkScenarioName(name, rootDir);
  const dir = join(rootDir, name);
  const file = join(dir, 'scenario.yaml');
  for (const p of [dir, file]) {
    if (isSymlinkLoop(p)) throw new ZerodropError(fsReason('ELOOP'), { file: displayPath(p) });
  }
  if (!existsSync(file)) {
    const known = await scenarioNames(rootDir);
    throw new ZerodropError(`unknown scenario "${name}" (known: ${known.join(', ') || 'none'})`, {
      file: displayPath(rootDir),
      hint: 'zerodrop list shows the catalogue',
    });
  }
  const meta = readScenarioFile(file);
  const manifests = readManifests(join(dir, 'manifest.yaml'));
  const dockerfile = join(dir, 'Dockerfile');
  const images = existsSync(dockerfile) ? imagesFor(name, manifests, parseDockerfile(dockerfile, rootDir, opts.buildArgs)) : {};
  return { name, dir, file, ...meta, expected: expectedFor(meta, opts.disruption), manifests, images };
}

/**
 * A scenario name is a folder of the catalogue and becomes a namespace and a report folder: it
 * must be a DNS-1123 label (so never `.`, `..`, `_app` or a path) before any path is built from it.
 */
export function checkScenarioName(name: string, rootDir: string): void {
  const problem = dns1123LabelProblem(name);
  if (problem !== undefined) {
    throw new ZerodropError(problem, { file: displayPath(rootDir), field: 'scenario name', hint: 'zerodrop list shows the catalogue' });
  }
}

/** Map every container image `zerodrop/<name>:<tag>` to the scenario's Dockerfile; at least one must use it. */
function imagesFor(name: string, set: ManifestSet, image: ImageConfig): Record<string, ImageConfig> {
  const images: Record<string, ImageConfig> = {};
  const containers = set.deployment.spec.template.spec.containers;
  for (const c of containers) if (c.image.split(':')[0] === `zerodrop/${name}`) images[c.image] = image;
  if (Object.keys(images).length === 0) {
    throw new ZerodropError(`must name the image built from ${displayPath(image.dockerfile)}: zerodrop/${name}:<tag>`, {
      file: displayPath(set.file),
      field: `Deployment/${set.deployment.metadata.name}: spec.template.spec.containers[0].image`,
    });
  }
  return images;
}
