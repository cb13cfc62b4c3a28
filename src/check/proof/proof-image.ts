import { buildScenarioImage, IMAGE_TAGS, imageExists } from '../../offline-cluster/index.ts';
import type { Log } from '../../util/index.ts';
import type { CheckTarget } from '../types.ts';
import type { ProofRuntime } from './proof-runtime.ts';

/** The image a proof runs, with what its config says (PID 1's fallback, ports to expose). */
export interface ProofImage {
  image: string;
  entrypoint: string[];
  cmd: string[];
  exposedPorts: number[];
}

/**
 * A shipped scenario's image is built on the offline Node 24 base as the kind provider builds it
 * (same base, same tag); a user's --image is used as it is, never pulled. Resolves to a one-line
 * reason when the image cannot be had.
 */
export async function proofImage(target: CheckTarget, rt: ProofRuntime, log: Log): Promise<ProofImage | { skipped: string }> {
  let image: string;
  if (target.build) {
    const base = IMAGE_TAGS.appBase;
    if (!(await imageExists(base))) return { skipped: `offline base image ${base} missing: run npm run cluster:image` };
    image = `zerodrop/${target.build.scenario}:dev`;
    log(`proof: building ${image} on ${base}`);
    await buildScenarioImage(target.build.scenario, image, base);
  } else if (target.image) {
    image = target.image;
    if (!(await imageExists(image)))
      return { skipped: `image ${image} is not in the local Docker engine (the proof never pulls): build or pull it first` };
  } else {
    return { skipped: 'no image to run: pass --image IMAGE (an image in the local Docker engine)' };
  }
  const info = await rt.client.container.dockerode.getImage(image).inspect();
  const exposed = Object.keys(info.Config?.ExposedPorts ?? {})
    .filter((p) => p.endsWith('/tcp'))
    .map((p) => Number.parseInt(p, 10));
  const entry = info.Config?.Entrypoint;
  return { image, entrypoint: typeof entry === 'string' ? [entry] : (entry ?? []), cmd: info.Config?.Cmd ?? [], exposedPorts: exposed };
}
