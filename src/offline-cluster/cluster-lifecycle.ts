import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { ZerodropError } from '../errors/index.ts';
import type { Log } from '../util/index.ts';
import { runCommand, succeeds, which } from '../util/index.ts';
import { listNodes, loadCreds, type NodeStatus } from './api-get.ts';
import { installCni } from './cni-install.ts';
import { dockerAnswers, ensureDocker } from './docker-setup.ts';
import { KIND_SPEC } from './go-build.ts';
import { cacheDir, IMAGE_TAGS, outBin, REPO_ROOT } from './paths.ts';
import { ensurePrivilegedContainers } from './privileged-check.ts';

export const DEFAULT_CONFIG = join(REPO_ROOT, 'kind-config.yaml');

export interface ClusterSpec {
  name: string;
  podSubnet: string;
  configPath: string;
}

/** Reads name and networking.podSubnet out of a kind config file. */
export async function readClusterSpec(configPath: string = DEFAULT_CONFIG): Promise<ClusterSpec> {
  const text = await readFile(configPath, 'utf8').catch(() => {
    throw new ZerodropError(`cannot read ${configPath}`, { file: configPath });
  });
  const doc = parse(text) as { name?: string; networking?: { podSubnet?: string } };
  const name = doc.name ?? 'kind';
  const podSubnet = doc.networking?.podSubnet;
  if (!podSubnet)
    throw new ZerodropError('networking.podSubnet is required (zerodrop splits it into per-node /24s)', {
      file: configPath,
      field: 'networking.podSubnet',
    });
  return { name, podSubnet, configPath };
}

/** The kind binary built by `cluster image --offline`, else kind on PATH. */
export async function kindBinary(): Promise<string> {
  const built = join(outBin(KIND_SPEC.name), 'kind');
  if (existsSync(built)) return built;
  const onPath = await which('kind');
  if (onPath) return onPath;
  throw new ZerodropError('kind is not built', { hint: 'run: zerodrop cluster image --offline' });
}

/** Where `cluster up` writes the cluster's kubeconfig (the user's ~/.kube/config is left alone). */
export function kubeconfigPath(name: string): string {
  return join(cacheDir(), `kubeconfig-${name}`);
}

export async function clusterExists(name: string): Promise<boolean> {
  if (!(await dockerAnswers())) return false;
  const { stdout } = await runCommand(await kindBinary(), ['get', 'clusters']);
  return stdout
    .split('\n')
    .map((s) => s.trim())
    .includes(name);
}

/** Polls the API server until `count` nodes are Ready. */
export async function waitNodesReady(kubeconfig: string, count: number, timeoutMs: number, log: Log): Promise<NodeStatus[]> {
  const creds = await loadCreds(kubeconfig);
  const end = Date.now() + timeoutMs;
  let last: NodeStatus[] = [];
  let said = '';
  while (Date.now() < end) {
    last = await listNodes(creds).catch(() => last);
    const ready = last.filter((n) => n.ready).length;
    const line = `${ready}/${count} nodes Ready`;
    if (line !== said) log(line);
    said = line;
    if (last.length >= count && ready >= count) return last;
    await sleep(2000);
  }
  throw new ZerodropError(
    `nodes not Ready after ${timeoutMs / 1000} s: ${last.map((n) => `${n.name}=${n.ready ? 'Ready' : 'NotReady'}`).join(' ')}`,
  );
}

export interface UpOptions {
  configPath?: string;
  image?: string;
  log: Log;
  /** Keep node containers when creation fails (for debugging). */
  retain?: boolean;
  timeoutMs?: number;
}

/** `zerodrop cluster up`: kind create with the offline node image, then CNI, then wait for Ready. */
export async function clusterUp(opts: UpOptions): Promise<{ name: string; kubeconfig: string; nodes: NodeStatus[]; seconds: number }> {
  const t0 = Date.now();
  const spec = await readClusterSpec(opts.configPath);
  const image = opts.image ?? IMAGE_TAGS.node;
  await ensureDocker(opts.log);
  await ensurePrivilegedContainers(opts.log);
  if (!(await succeeds('docker', ['image', 'inspect', image]))) {
    throw new ZerodropError(`node image ${image} is not built`, { hint: 'run: zerodrop cluster image --offline' });
  }
  const kind = await kindBinary();
  const kubeconfig = kubeconfigPath(spec.name);
  await mkdir(cacheDir(), { recursive: true });
  await mkdir('/lib/modules', { recursive: true }).catch(() => undefined); // kind mounts it read-only
  if (await clusterExists(spec.name)) {
    opts.log(`cluster ${spec.name} exists; reusing it`);
    await runCommand(kind, ['export', 'kubeconfig', '--name', spec.name, '--kubeconfig', kubeconfig]);
  } else {
    opts.log(`kind create cluster ${spec.name} (${image})`);
    const args = ['create', 'cluster', '--name', spec.name, '--config', spec.configPath, '--image', image, '--kubeconfig', kubeconfig];
    if (opts.retain) args.push('--retain');
    await runCommand(kind, args);
  }
  const nodes = await installCni(spec.name, spec.podSubnet, opts.log);
  const ready = await waitNodesReady(kubeconfig, nodes.length, opts.timeoutMs ?? 300_000, opts.log);
  return { name: spec.name, kubeconfig, nodes: ready, seconds: Math.round((Date.now() - t0) / 1000) };
}

/** `zerodrop cluster down`: deletes the cluster and its node containers; safe when none exists. */
export async function clusterDown(configPath?: string): Promise<{ name: string; deleted: boolean }> {
  const spec = await readClusterSpec(configPath);
  if (!(await dockerAnswers())) return { name: spec.name, deleted: false };
  const existed = await clusterExists(spec.name);
  await runCommand(await kindBinary(), ['delete', 'cluster', '--name', spec.name, '--kubeconfig', kubeconfigPath(spec.name)]);
  await rm(kubeconfigPath(spec.name), { force: true });
  const { stdout } = await runCommand('docker', ['ps', '-aq', '--filter', `label=io.x-k8s.kind.cluster=${spec.name}`]);
  if (stdout.trim()) throw new ZerodropError(`containers of cluster ${spec.name} are left: ${stdout.trim().split('\n').join(' ')}`);
  return { name: spec.name, deleted: existed };
}

/** `zerodrop cluster status`: node list with readiness, or why there is none. */
export async function clusterStatus(
  configPath?: string,
): Promise<{ name: string; running: boolean; kubeconfig: string; nodes: NodeStatus[] }> {
  const spec = await readClusterSpec(configPath);
  const kubeconfig = kubeconfigPath(spec.name);
  if (!(await clusterExists(spec.name).catch(() => false))) return { name: spec.name, running: false, kubeconfig, nodes: [] };
  const kind = await kindBinary();
  await runCommand(kind, ['export', 'kubeconfig', '--name', spec.name, '--kubeconfig', kubeconfig]);
  const nodes = await listNodes(await loadCreds(kubeconfig));
  return { name: spec.name, running: true, kubeconfig, nodes };
}

/** `kind load docker-image` of a local image into every node (works offline: ctr import). */
export async function loadImage(image: string, configPath?: string): Promise<void> {
  const spec = await readClusterSpec(configPath);
  await runCommand(await kindBinary(), ['load', 'docker-image', image, '--name', spec.name]);
}
