import type { Threshold } from '../metrics/threshold-spec.ts';
import type { StreamName } from '../load/types.ts';
import type { ManifestSet } from '../k8s/manifest-types.ts';

export type ExpectedVerdict = 'lossless' | 'lossy' | 'any';
export const EXPECTED_VERDICTS: readonly ExpectedVerdict[] = ['lossless', 'lossy', 'any'];
export type DisruptionKind = 'rollout' | 'delete' | 'drain';
export const DISRUPTION_KINDS: readonly DisruptionKind[] = ['rollout', 'delete', 'drain'];
/** scenario.yaml's `expected`: one verdict for every disruption, or one per disruption it supports. */
export type ExpectedSpec = ExpectedVerdict | Partial<Record<DisruptionKind, ExpectedVerdict>>;

/** Load settings from scenario.yaml (`load:`), overridable from CLI flags. */
export interface LoadSettings {
  /** Requests per second over all streams (open model: sent on schedule, whatever the latency). */
  rate: number;
  /** Streams to drive side by side; the rate is split between them. */
  streams: StreamName[];
  /** With both streams: percent of the rate sent by the keep-alive stream (the rest opens a new connection per request). */
  keepAlivePercent: number;
  /** Most connections open at once over all streams (0 = enough for rate x timeout); a slot that cannot get one is dropped. */
  maxConnections: number;
  /** A request with no answer after this long counts as a timeout. */
  timeoutMs: number;
  /** keep-alive stream: close and reopen a connection after this many requests (0 = never). */
  reconnectEvery: number;
  /** Length of the baseline phase before the disruption starts. */
  baselineSeconds: number;
  /** Length of the recovery phase after the disruption has been observed complete. */
  recoverySeconds: number;
  /** HTTP path the load requests. */
  path: string;
}

/**
 * The image as its Dockerfile declares it, read from the scenario's Dockerfile.
 * Shell form (`CMD node app.ts`) becomes ['/bin/sh', '-c', 'node app.ts'], as Docker does.
 */
export interface ImageConfig {
  /** Path of the Dockerfile. */
  dockerfile: string;
  /** Build context directory (absolute). */
  context: string;
  /** FROM line, as written. */
  from: string;
  entrypoint: string[];
  cmd: string[];
  workdir: string;
  env: Record<string, string>;
  stopSignal?: string;
  /** COPY instructions: sources relative to the context, destination in the image. */
  copies: { sources: string[]; dest: string }[];
}

export interface Scenario {
  /** Directory name under scenarios/, or the manifest's Deployment name for --manifest. */
  name: string;
  /** Absolute directory of the scenario. */
  dir: string;
  /** Path of scenario.yaml (or of the user's manifest for bring-your-own). */
  file: string;
  description: string;
  /** The verdict expected for the run's disruption (scenario.yaml's `expected`, resolved for it). */
  expected: ExpectedVerdict;
  /** Short explanation of why the scenario loses (or does not lose) traffic; shown in reports. */
  why?: string;
  /** Bounds on the measured figures (scenario.yaml `thresholds:` or `--thresholds FILE`). */
  thresholds?: Threshold[];
  load: LoadSettings;
  disruptions: DisruptionKind[];
  manifests: ManifestSet;
  /** The image of the Deployment's container(s), keyed by the image name in the manifest. */
  images: Record<string, ImageConfig>;
}
