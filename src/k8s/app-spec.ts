import type { ImageConfig } from './image/image-config.ts';
import type { ManifestSet } from './manifest-types.ts';
import type { WorkloadRef } from './workload-ref.ts';

/** `--target deployment/NAME -n NS`: a Deployment already running, measured where it is (deploys nothing). */
export interface LiveTargetRequest {
  ref: WorkloadRef;
  /** --service: the Service to measure through (default: every Service selecting the pods; the first is used). */
  service?: string;
}

/**
 * What a cluster provider deploys: a Deployment + Service (and their companions) with the images
 * of its containers. A catalogue scenario is one (scenario/Scenario extends it), and so is a
 * user's own manifest.
 */
export interface AppSpec {
  /** Directory name under scenarios/, or the manifest's Deployment name for --manifest. */
  name: string;
  /** Absolute directory of the app (scenario directory, or the manifest's directory). */
  dir: string;
  /** Path of scenario.yaml (or of the user's manifest for bring-your-own). */
  file: string;
  manifests: ManifestSet;
  /** The image of the Deployment's container(s), keyed by the image name in the manifest. */
  images: Record<string, ImageConfig>;
  /** Set for a live target: the manifests were read from the cluster, and providers attach instead of deploying. */
  live?: LiveTargetRequest;
}
