import { dirname, resolve } from 'node:path';
import { DISRUPTION_KINDS, readManifests } from '../k8s/index.ts';
import { DEFAULT_LOAD } from '../load/index.ts';
import { displayPath } from '../util/index.ts';
import type { Scenario } from './types.ts';

export interface ManifestScenarioOptions {
  /** Replaces the image of the Deployment's first container (`--image`). */
  image?: string;
}

/**
 * A user's own Deployment + Service (`zerodrop run --manifest FILE`) as a scenario: named after
 * the Deployment, expected lossless, default load settings, every disruption, and no Dockerfile
 * (images: {}), so the image must already exist where it runs.
 */
export async function readManifestScenario(manifestPath: string, opts: ManifestScenarioOptions = {}): Promise<Scenario> {
  const file = resolve(manifestPath);
  const manifests = readManifests(file);
  if (opts.image) manifests.deployment.spec.template.spec.containers[0].image = opts.image;
  const name = manifests.deployment.metadata.name;
  return {
    name,
    dir: dirname(file),
    file,
    description: `Deployment ${name} from ${displayPath(file)} (bring your own)`,
    expected: 'lossless',
    load: { ...DEFAULT_LOAD },
    disruptions: [...DISRUPTION_KINDS],
    manifests,
    images: {},
  };
}
