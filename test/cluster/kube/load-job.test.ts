import type { V1Node } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { LOAD_POD_LABEL, LOAD_POD_VALUE, loadJobManifest } from '../../../src/cluster/kube/load-job/load-job.ts';
import { eligibleNodes, type LoadJobInput, planLoadJob } from '../../../src/cluster/kube/load-job/load-job-plan.ts';
import { readAgentConfig } from '../../../src/load/agent/agent-config.ts';
import { DEFAULT_LOAD, type LoadSettings, resolveLoadPlan } from '../../../src/load/index.ts';
import { shareOf } from '../../../src/load/plan/pod-share.ts';

const node = (name: string, o: { cp?: boolean; cordoned?: boolean; ready?: boolean; taint?: string } = {}): V1Node => ({
  metadata: { name },
  spec: {
    unschedulable: o.cordoned,
    taints: [
      ...(o.cp ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] : []),
      ...(o.taint ? [{ key: o.taint, effect: 'NoSchedule' }] : []),
    ],
  },
  status: { conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
});

const input = (o: Partial<LoadJobInput> = {}, load: Partial<LoadSettings> = {}): LoadJobInput => ({
  namespace: 'zerodrop-r-s',
  run: 'r',
  image: 'zerodrop/zerodrop:0.1.0-abc',
  hostNetwork: false,
  tolerateControlPlane: true,
  target: { clusterIP: '10.96.0.10', port: 80, nodePort: 30080 },
  plan: resolveLoadPlan({ ...DEFAULT_LOAD, rate: 900, ...load }),
  maxRunSeconds: 300,
  ...o,
});

type PodSpec = {
  hostNetwork?: boolean;
  tolerations?: unknown[];
  affinity: { podAntiAffinity: Record<string, unknown> };
  containers: { env: { name: string; value?: string }[]; ports?: unknown[] }[];
};
const podSpec = (job: ReturnType<typeof loadJobManifest>) => (job.spec as { template: { spec: PodSpec } }).template.spec;
const agentEnv = (job: ReturnType<typeof loadJobManifest>, extra: Record<string, string> = {}) =>
  readAgentConfig({
    ...Object.fromEntries(
      podSpec(job)
        .containers[0].env.filter((e) => e.value !== undefined)
        .map((e) => [e.name, e.value!]),
    ),
    ...extra,
  });

describe('load Job', () => {
  it('is an Indexed Job of one pod per node, each with its share of the rate against the ClusterIP', () => {
    const nodes = eligibleNodes([node('cp', { cp: true }), node('w1'), node('w2')], true);
    expect(nodes).toEqual(['cp', 'w1', 'w2']);
    const plan = planLoadJob(input(), nodes.length);
    const job = loadJobManifest(plan);
    const spec = job.spec as { completionMode: string; completions: number; parallelism: number };
    expect(spec).toMatchObject({ completionMode: 'Indexed', completions: 3, parallelism: 3 });
    expect(podSpec(job).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toBeDefined();
    expect(podSpec(job).tolerations).toHaveLength(1);
    const config = agentEnv(job, { JOB_COMPLETION_INDEX: '1' });
    expect(config.target).toEqual({ host: '10.96.0.10', port: 80, path: '/' });
    expect(config.streams).toEqual([
      { name: 'keep-alive', rate: 150 },
      { name: 'new-connection', rate: 150 },
    ]);
    expect(config.loader).toBe(1);
    expect(config.controlPort).toBe(9470);
    expect(job.metadata.labels?.[LOAD_POD_LABEL]).toBe(LOAD_POD_VALUE);
  });

  it('spreads more pods than nodes as evenly as it can, and splits --max-connections', () => {
    const plan = planLoadJob(input({ count: 5 }, { maxConnections: 101 }), 2);
    expect(plan.spread).toBe('preferred');
    expect(plan.config.maxConnections).toBe(21);
    expect(podSpec(loadJobManifest(plan)).affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toBeDefined();
  });

  it("on the host network sends to its own node's NodePort and takes any free control port", () => {
    const job = loadJobManifest(planLoadJob(input({ hostNetwork: true, tolerateControlPlane: false }), 2));
    const spec = podSpec(job);
    expect(spec.hostNetwork).toBe(true);
    expect(spec.tolerations).toBeUndefined();
    expect(spec.containers[0].ports).toBeUndefined();
    const config = agentEnv(job, { ZERODROP_NODE_IP: '172.18.0.4' });
    expect(config.target).toEqual({ host: '172.18.0.4', port: 30080, path: '/' });
    expect(config.controlPort).toBe(0);
  });

  it('runs only on nodes new pods can land on (the control plane only when tolerated)', () => {
    const nodes = [
      node('cp', { cp: true }),
      node('w1', { cordoned: true }),
      node('w2', { ready: false }),
      node('w3', { taint: 'gpu' }),
      node('w4'),
    ];
    expect(eligibleNodes(nodes, false)).toEqual(['w4']);
    expect(eligibleNodes(nodes, true)).toEqual(['cp', 'w4']);
  });

  it('shares the rate to the thousandth', () => {
    expect(shareOf([{ name: 'keep-alive', rate: 100 }], 3)).toEqual([{ name: 'keep-alive', rate: 33.333 }]);
  });
});

describe('load Job control token', () => {
  it("gives each agent the token from the run's Secret, never in the Job spec itself", () => {
    type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
    const envOf = (job: ReturnType<typeof loadJobManifest>) =>
      (job.spec as { template: { spec: { containers: { env: Env[] }[] } } }).template.spec.containers[0].env;
    const withToken = envOf(loadJobManifest(planLoadJob(input({ tokenSecret: 'zerodrop-load-token' }), 3)));
    expect(withToken.find((e) => e.name === 'ZERODROP_AGENT_TOKEN')).toEqual({
      name: 'ZERODROP_AGENT_TOKEN',
      valueFrom: { secretKeyRef: { name: 'zerodrop-load-token', key: 'token' } },
    });
    expect(JSON.stringify(withToken)).not.toMatch(/"value":"[0-9a-f]{48}"/);
    expect(envOf(loadJobManifest(planLoadJob(input(), 3))).map((e) => e.name)).not.toContain('ZERODROP_AGENT_TOKEN');
  });
});
