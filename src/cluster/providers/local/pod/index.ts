/** The embedded runtime's kubelet: pods as real processes. Public API for the local provider. */
export { LocalPod, type LocalPodOptions } from './local-pod.ts';
export { detectPid1Support } from './pid1-support.ts';
export { stageImage } from './stage-image.ts';
export { resolveCommand } from './resolve-command.ts';
export { PROBE_DEFAULTS } from './prober.ts';
