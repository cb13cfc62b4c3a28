import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Log } from '../util/index.ts';
import { runCommand } from '../util/index.ts';
import { cacheDir, goEnv, IMAGES_DIR, outBin, VERSIONS } from './paths.ts';

export const KUBE_COMMANDS = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kube-proxy',
  'kubelet',
  'kubeadm',
  'kubectl',
] as const;

/** Version ldflags so that kubeadm, kubelet and the API server report `version` instead of v0.0.0. */
export function kubernetesLdflags(version: string, buildDate = '2026-01-01T00:00:00Z'): string {
  const m = /^v(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) throw new Error(`not a Kubernetes version: ${version}`);
  const flags = ['-s', '-w'];
  for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
    flags.push(
      `-X ${pkg}.gitVersion=${version}`,
      `-X ${pkg}.gitMajor=${m[1]}`,
      `-X ${pkg}.gitMinor=${m[2]}`,
      `-X ${pkg}.gitTreeState=clean`,
      `-X ${pkg}.buildDate=${buildDate}`,
    );
  }
  return flags.join(' ');
}

export interface GoBuildSpec {
  /** Directory under images/ holding the go.mod. */
  module: string;
  /** Packages to build, all in one `go build` so compilation is shared. */
  packages: readonly string[];
  /** Binary names the build produces (to check the output). */
  binaries: readonly string[];
  ldflags: string;
  /** Output name: binaries go to <cache>/out/<name>/bin. */
  name: string;
}

export function kubernetesSpec(version: string = VERSIONS.kubernetes): GoBuildSpec {
  return {
    module: 'k8s',
    packages: KUBE_COMMANDS.map((c) => `k8s.io/kubernetes/cmd/${c}`),
    binaries: KUBE_COMMANDS,
    ldflags: kubernetesLdflags(version),
    name: `k8s-${version}`,
  };
}

export const KIND_SPEC: GoBuildSpec = {
  module: 'kind',
  packages: ['sigs.k8s.io/kind'],
  binaries: ['kind'],
  ldflags: '-s -w',
  name: `kind-${VERSIONS.kind}`,
};
export const ETCD_SPEC: GoBuildSpec = {
  module: 'etcd',
  packages: ['.'],
  binaries: ['etcd'],
  ldflags: '-s -w',
  name: `etcd-${VERSIONS.etcd}`,
};
export const PAUSE_SPEC: GoBuildSpec = {
  module: 'pause',
  packages: ['.'],
  binaries: ['pause'],
  ldflags: '-s -w',
  name: `pause-${VERSIONS.pause}`,
};

/** `go build` arguments for a spec. */
export function goBuildArgs(spec: GoBuildSpec, outDir: string): string[] {
  const out = spec.binaries.length === 1 && spec.packages.length === 1 ? join(outDir, spec.binaries[0]!) : `${outDir}/`;
  return ['build', '-mod=mod', '-trimpath', '-ldflags', spec.ldflags, '-o', out, ...spec.packages];
}

async function stampOf(spec: GoBuildSpec): Promise<string> {
  const h = createHash('sha256');
  h.update(JSON.stringify(spec));
  h.update(await readFile(join(IMAGES_DIR, spec.module, 'go.mod')));
  for (const f of ['main.go', 'go.sum']) {
    const p = join(IMAGES_DIR, spec.module, f);
    if (existsSync(p)) h.update(await readFile(p));
  }
  return h.digest('hex');
}

export interface GoBuildResult {
  dir: string;
  /** False when the outputs were already up to date. */
  built: boolean;
  seconds: number;
}

/**
 * Builds one spec under nice -n 19, with GOCACHE/GOMODCACHE in the zerodrop cache. Skips when the
 * outputs exist and go.mod, main.go and the flags are unchanged (unless `force`).
 */
export async function goBuild(spec: GoBuildSpec, log: Log, force = false): Promise<GoBuildResult> {
  const dir = outBin(spec.name);
  const stampFile = join(dir, '.zerodrop-stamp');
  const stamp = await stampOf(spec);
  const current = await readFile(stampFile, 'utf8').catch(() => '');
  const have = spec.binaries.every((b) => existsSync(join(dir, b)));
  if (!force && have && current === stamp) return { dir, built: false, seconds: 0 };
  await mkdir(dir, { recursive: true });
  const logFile = join(cacheDir(), 'logs', `${spec.name}.log`);
  await mkdir(join(cacheDir(), 'logs'), { recursive: true });
  log(`go build ${spec.binaries.join(' ')} (log ${logFile})`);
  const t0 = Date.now();
  await writeFile(logFile, `# ${new Date().toISOString()} go ${goBuildArgs(spec, dir).join(' ')}\n`);
  let pending = Promise.resolve();
  await runCommand('go', goBuildArgs(spec, dir), {
    cwd: join(IMAGES_DIR, spec.module),
    env: goEnv(),
    nice: true,
    onOutput: (c) => {
      pending = pending.then(() => appendFile(logFile, c));
    },
  });
  await pending;
  await writeFile(stampFile, stamp);
  return { dir, built: true, seconds: (Date.now() - t0) / 1000 };
}
