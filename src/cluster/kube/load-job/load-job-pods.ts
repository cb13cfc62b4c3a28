import type { V1Pod } from '@kubernetes/client-node';
import type { AgentHealth, LoadPod, LoadPods } from '../../../load/index.ts';
import { AGENT_TOKEN_HEADER, type ClockEstimate, type ClockSample, estimateOffset } from '../../../load/index.ts';
import { waitFor } from '../../../util/index.ts';
import { isNotFound } from '../api-error.ts';
import type { KubeClients } from '../kube-clients.ts';
import type { ContainerState, PodLogFollower } from '../pod-log-follow.ts';
import { type PodAddress, podProxy } from '../pod-proxy.ts';
import { LOAD_CONTAINER } from './load-job.ts';

/** Clock probes per estimate: the shortest round trip of these bounds the offset. */
const PROBES = 6;
const CALL_MS = 5000;

export const containerOf = (p: V1Pod) => p.status?.containerStatuses?.find((s) => s.name === LOAD_CONTAINER);

/** The container's state, as the log follower needs it between streams. */
export async function agentState(c: KubeClients, namespace: string, name: string): Promise<ContainerState> {
  try {
    const s = containerOf(await c.core.readNamespacedPod({ name, namespace }));
    const state = s?.state?.running ? 'running' : s?.state?.terminated ? 'terminated' : 'waiting';
    return { state, restartCount: s?.restartCount ?? 0 };
  } catch (err) {
    if (isNotFound(err)) return { state: 'gone', restartCount: 0 };
    throw err;
  }
}

/** The running load pods, controlled through the API server's pod proxy (see load/agent/load-agent.ts for the routes). */
export class KubeLoadPods implements LoadPods {
  readonly pods: readonly LoadPod[];
  readonly target: string;
  private readonly c: KubeClients;
  private readonly namespace: string;
  private readonly followers: PodLogFollower[];
  /** Per pod: its log was read to the end (the follower stopped). */
  private readonly ended: boolean[] = [];

  private readonly token: string | undefined;

  constructor(c: KubeClients, namespace: string, pods: LoadPod[], followers: PodLogFollower[], target: string, token?: string) {
    this.c = c;
    this.token = token;
    this.namespace = namespace;
    this.pods = pods;
    this.followers = followers;
    this.target = target;
    followers.forEach((f, i) => {
      void f.ended.then(() => {
        this.ended[i] = true;
      });
    });
  }

  private at(p: LoadPod): PodAddress {
    return { namespace: this.namespace, pod: p.name, port: p.stream.current?.header.port ?? 0 };
  }

  private call(p: LoadPod, method: 'GET' | 'POST', path: string, ms = CALL_MS): Promise<unknown> {
    return podProxy(this.c, this.at(p), method, path, ms, this.token ? { [AGENT_TOKEN_HEADER]: this.token } : {});
  }

  /** Probes run one after another per pod (pods in parallel), so no probe waits behind another; a failed one ends that pod's. */
  async clocks(): Promise<(ClockEstimate | undefined)[]> {
    return Promise.all(
      this.pods.map(async (p) => {
        const samples: ClockSample[] = [];
        for (let i = 0; i < PROBES; i++) {
          const sentAt = Date.now();
          const v = (await this.call(p, 'GET', 'clock').catch(() => undefined)) as { now?: unknown } | undefined;
          const receivedAt = Date.now();
          if (typeof v?.now !== 'number') break; // the agent is gone or unreachable: no use waiting on more
          samples.push({ sentAt, podTime: v.now, receivedAt });
        }
        return estimateOffset(samples);
      }),
    );
  }

  async waitServing(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    await waitFor(
      async () => {
        const answers = await Promise.all(
          this.pods.map((p) =>
            this.call(p, 'POST', 'serving', CALL_MS + 15_000).then(
              (v) => v as { serving?: boolean; why?: string },
              (err: Error) => ({ serving: false, why: err.message }),
            ),
          ),
        );
        const bad = answers.map((a, i) => ({ a, p: this.pods[i] })).filter((x) => !x.a.serving);
        return bad.length
          ? { done: false, waiting: `not served from ${bad.map((x) => `${x.p.name} on ${x.p.node} (${x.a.why ?? '?'})`).join(', ')}` }
          : { done: true };
      },
      { what: 'the Service answering the load pods', timeoutMs, signal, intervalMs: 200 },
    );
  }

  async start(): Promise<void> {
    await Promise.all(this.pods.map((p) => this.call(p, 'POST', 'start')));
  }

  async health(): Promise<(AgentHealth | undefined)[]> {
    return Promise.all(
      this.pods.map((p) =>
        this.call(p, 'GET', 'health').then(
          (v) => v as AgentHealth,
          () => undefined,
        ),
      ),
    );
  }

  async stop(timeoutMs: number): Promise<void> {
    await Promise.all(this.pods.map((p) => this.call(p, 'POST', 'stop', timeoutMs).catch(() => undefined)));
    await waitFor(
      () => {
        const open = this.pods.filter((p, i) => !p.stream.done && !this.ended[i]).map((p) => p.name);
        return open.length ? { done: false, waiting: `no end reported by ${open.join(', ')}` } : { done: true };
      },
      { what: 'load pods reporting their end', timeoutMs, intervalMs: 100 },
    ).catch(() => undefined);
  }

  async restarts(): Promise<number[]> {
    return Promise.all(
      this.pods.map((p) =>
        agentState(this.c, this.namespace, p.name).then(
          (s) => s.restartCount,
          () => 0,
        ),
      ),
    );
  }

  close(): void {
    for (const f of this.followers) f.stop();
  }
}
