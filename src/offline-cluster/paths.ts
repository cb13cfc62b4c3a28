import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Versions of everything the offline node image is built from. */
export const VERSIONS = {
  kubernetes: 'v1.34.4',
  kind: 'v0.33.0',
  etcd: 'v3.6.5',
  pause: '3.10.1',
  debianSuite: 'bookworm',
} as const;

/** Repository root (this file lives in src/offline-cluster/). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const IMAGES_DIR = join(REPO_ROOT, 'images');

/** Build caches live outside the repo so a second build is warm: GOCACHE, GOMODCACHE, outputs. */
export function cacheDir(): string {
  return process.env.ZERODROP_CACHE ?? join(homedir(), '.cache', 'zerodrop');
}

export function goEnv(): NodeJS.ProcessEnv {
  const c = cacheDir();
  return {
    ...process.env,
    GOCACHE: join(c, 'gocache'),
    GOMODCACHE: join(c, 'gomodcache'),
    CGO_ENABLED: '0',
    GOFLAGS: '-buildvcs=false',
  };
}

/** Where built binaries go: <cache>/out/<name>/bin. */
export function outBin(name: string): string {
  return join(cacheDir(), 'out', name, 'bin');
}

/** Image tags of the locally built images. */
export const IMAGE_TAGS = {
  nodeBase: `zerodrop/node-base:${VERSIONS.debianSuite}`,
  slimBase: `zerodrop/debian-slim:${VERSIONS.debianSuite}`,
  nodeStage: `zerodrop/node-stage:${VERSIONS.kubernetes}`,
  node: `zerodrop/kind-node:${VERSIONS.kubernetes}`,
  appBase: 'zerodrop/node24-base:offline',
} as const;
