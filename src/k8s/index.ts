/** The public face of k8s/: everything other modules use from it. */
export type { AppSpec, LiveTargetRequest } from './app-spec.ts';
export { DISRUPTION_KINDS, type DisruptionKind } from './disruption-kind.ts';
export { dockerfileLines } from './image/dockerfile-lines.ts';
export type { ImageConfig } from './image/image-config.ts';
export { parseDockerfile } from './image/parse-dockerfile.ts';
export type {
  Container,
  Deployment,
  ExecAction,
  LifecycleHandler,
  ManifestSet,
  PodDisruptionBudget,
  PodTemplateSpec,
  Probe,
} from './manifest-types.ts';
export { dns1123LabelProblem } from './names.ts';
export { httpGetOnce, type NetworkTarget, probePath, resolvePort, tcpOnce } from './probe-action.ts';
export { readManifests } from './read-manifests.ts';
export { commandSource, resolveCommand } from './resolve-command.ts';
export { DEFAULT_PROGRESS_DEADLINE_SECONDS, type RollingParams, rollingParams, scaleIntOrPercent } from './rolling-params.ts';
export { isWorkloadRef, parseWorkloadRef, systemNamespace, type WorkloadRef } from './workload-ref.ts';
