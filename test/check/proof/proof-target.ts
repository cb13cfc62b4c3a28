import { join } from 'node:path';
import { PROOF_OWNER_LABEL } from '../../../src/check/proof/remove-proof-containers.ts';
import type { CheckTarget } from '../../../src/check/types.ts';
import { dockerAnswers, IMAGE_TAGS, imageExists } from '../../../src/offline-cluster/index.ts';
import { findScenarioRoot, readScenario } from '../../../src/scenario/index.ts';
import { hostOwnerMarker } from '../../../src/util/process-identity.ts';
import { runCommand } from '../../../src/util/run-command.ts';

/** Why the proofs on real containers cannot run here, or undefined when they can. */
export async function whyNoProof(): Promise<string | undefined> {
  if (!(await dockerAnswers())) return 'no Docker engine answers';
  if (!(await imageExists(IMAGE_TAGS.appBase))) return `offline base image ${IMAGE_TAGS.appBase} missing: run npm run cluster:image`;
  return undefined;
}

/** A shipped scenario as `zerodrop check` hands it to the proof: built on the offline base, or `image` as --image. */
export async function scenarioTarget(name: string, image?: string): Promise<CheckTarget> {
  const root = findScenarioRoot();
  const s = await readScenario(root, name);
  const base = { name, manifestFile: s.manifests.file, manifests: s.manifests, deployment: s.manifests.deployment, scripts: [] };
  return image ? { ...base, image } : { ...base, build: { scenario: name, context: root, dockerfile: join(root, name, 'Dockerfile') } };
}

/** Names of the containers, running or not, that this test process's proofs left in the engine. */
export async function ownProofContainers(): Promise<string[]> {
  const { stdout } = await runCommand('docker', [
    'ps',
    '-a',
    '--filter',
    `label=${PROOF_OWNER_LABEL}=${hostOwnerMarker()}`,
    '--format',
    '{{.Names}}',
  ]);
  return stdout.split('\n').filter(Boolean);
}
