/**
 * The offline kind cluster: its one public face, used by the CLI (`zerodrop cluster ...`) and by
 * the kind provider alike. It builds kind, Kubernetes and every image from the Go module proxy
 * and Debian (no container registry), starts, stops and inspects the cluster, and loads
 * scenario images into it. Everything else in this folder is its inside.
 */

export { buildScenarioImage } from './app-base-image.ts';
export {
  clusterDown,
  clusterExists,
  clusterStatus,
  clusterUp,
  DEFAULT_CONFIG,
  kindBinary,
  loadImage,
  readClusterSpec,
} from './cluster-lifecycle.ts';
export { imageExists } from './component-images.ts';
export { dockerAnswers } from './docker-setup.ts';
export { buildOfflineImages as buildOfflineCluster, type OfflineImageResult } from './offline-image.ts';
export { IMAGE_TAGS, REPO_ROOT } from './paths.ts';
export { buildZerodropImage } from './zerodrop-image.ts';
export { ZERODROP_REPOSITORY, type ZerodropImageTags, zerodropImageTags } from './zerodrop-image-tag.ts';
