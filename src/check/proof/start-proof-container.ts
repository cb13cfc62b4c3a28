import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Container } from '../../k8s/index.ts';
import { resolvePort } from '../../k8s/index.ts';
import { probeReach } from '../../util/index.ts';
import type { ProofImage } from './proof-image.ts';
import type { ProofRuntime } from './proof-runtime.ts';
import { PROOF_LABEL, proofLabels, sweepContainers } from './remove-proof-containers.ts';

export interface ContainerState {
  running: boolean;
  exitCode: number;
  finishedAt?: number;
}

/** One running proof container and what the measurements do to it. */
export interface ProofContainer {
  name: string;
  /** When the engine started it (ms since the epoch). */
  startedAt: number;
  /** Whether the host reaches the container's own address (true) or only docker-proxy's port mapping. */
  direct: boolean;
  address(port: number): { host: string; port: number };
  exec(command: string[]): Promise<{ exitCode: number; stdout: string }>;
  state(): Promise<ContainerState>;
  /** The engine's `docker kill --signal`: the signal goes to the container's PID 1. */
  signal(sig: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** PID 1's process id on this host when the engine runs here (its cgroup names the container), else undefined. */
  localPid1(): Promise<number | undefined>;
  /** The engine's id of the container. */
  containerId: string;
  /** Stops and removes it and anything else of this proof (also when start() failed half-way). */
  remove(): Promise<void>;
}

/** Env as the kubelet gives it: plain values, and the fieldRefs a proof pod can answer. */
export function proofEnv(c: Container, podName: string): Record<string, string> {
  const field: Record<string, string> = {
    'status.podIP': '0.0.0.0',
    'status.hostIP': '0.0.0.0',
    'metadata.name': podName,
    'metadata.namespace': 'default',
    'spec.nodeName': 'zerodrop-proof',
  };
  return Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? field[e.valueFrom?.fieldRef.fieldPath ?? ''] ?? '']));
}

/** Container ports the proof talks to (the first serves `/`): the declared ones, the probe's and preStop's, the image's EXPOSE. */
export function proofPorts(c: Container, img: ProofImage): number[] {
  const named = [c.readinessProbe?.httpGet?.port ?? c.readinessProbe?.tcpSocket?.port, c.lifecycle?.preStop?.httpGet?.port]
    .map((p) => (p === undefined ? undefined : resolvePort(p, c)))
    .filter((p) => p !== undefined);
  return [...new Set([...(c.ports ?? []).map((p) => p.containerPort), ...named, ...img.exposedPorts])];
}

/**
 * Starts the Deployment's first container from `img` through testcontainers: never pulled, no
 * reaper, no helper container, labelled for the sweeps, and not waited for (the readiness
 * measurement starts at once). Command and args replace ENTRYPOINT and CMD as in Kubernetes.
 */
export async function startProofContainer(rt: ProofRuntime, img: ProofImage, c: Container, podName: string): Promise<ProofContainer> {
  const { tc, client } = rt;
  const id = randomBytes(4).toString('hex');
  const name = `zerodrop-proof-${podName}-${id}`.slice(0, 120);
  const ports = proofPorts(c, img);
  let g = new tc.GenericContainer(img.image)
    .withName(name)
    .withHostname(podName.slice(0, 63))
    .withLabels(proofLabels(id, podName))
    .withEnvironment(proofEnv(c, podName))
    .withExposedPorts(...ports)
    .withPullPolicy(tc.PullPolicy.neverPull())
    .withAutoCleanup(false)
    .withWaitStrategy(tc.Wait.forAll([]));
  if (c.command) g = g.withEntrypoint(c.command).withCommand(c.args ?? []);
  else if (c.args) g = g.withCommand(c.args);
  if (c.workingDir) g = g.withWorkingDir(c.workingDir);
  const removeAll = async () => {
    await sweepContainers(client.container.dockerode, `${PROOF_LABEL}=${id}`);
  };
  const started = await g.start().catch(async (err: unknown) => {
    await removeAll();
    throw err;
  });
  const docker = client.container.dockerode.getContainer(started.getId());
  const info = await docker.inspect();
  const ip = Object.values(info.NetworkSettings.Networks ?? {})[0]?.IPAddress ?? '';
  const direct = ip !== '' && ports[0] !== undefined && (await probeReach(ip, ports[0], 1000)).ok;
  const inspect = () => docker.inspect();
  return {
    name,
    containerId: started.getId(),
    direct,
    startedAt: engineTime(info.State.StartedAt, Date.now()),
    address: (port) => (direct ? { host: ip, port } : { host: started.getHost(), port: started.getMappedPort(port) }),
    exec: async (command) => started.exec(command),
    state: async () => {
      const s = (await inspect()).State;
      return { running: s.Running, exitCode: s.ExitCode, finishedAt: s.Running ? undefined : engineTime(s.FinishedAt, Date.now()) };
    },
    signal: async (sig) => {
      await docker.kill({ signal: sig });
    },
    localPid1: async () => {
      const pid = (await inspect()).State.Pid;
      const cgroup = pid > 0 ? await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => '') : '';
      return cgroup.includes(started.getId()) ? pid : undefined;
    },
    remove: async () => {
      await started.stop({ timeout: 0, remove: true }).catch(() => undefined); // whatever is left, the sweep by label removes
      await removeAll();
    },
  };
}

/** An engine timestamp on this host's clock: `seen` (when it was read) when it is unknown, later, or a minute older. */
function engineTime(stamp: string, seen: number): number {
  const t = Date.parse(stamp);
  return Number.isFinite(t) && t <= seen && seen - t < 60_000 ? t : seen;
}
