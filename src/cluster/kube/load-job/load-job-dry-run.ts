import type { V1Node } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import type { LoadPlan } from '../../../load/index.ts';
import type { KubeProviderOptions } from '../kube-provider-options.ts';
import type { ApplyObject } from '../manifest-transform.ts';
import { LOAD_JOB_NAME, TOKEN_SECRET } from './load-job.ts';
import { eligibleNodes, type LoadJobInput, loadJobObject, planLoadJob } from './load-job-plan.ts';

/** What `--dry-run --load-from cluster` knows of the load pods before anything exists. */
export interface LoadJobDryRun {
  namespace: string;
  run: string;
  opts: KubeProviderOptions;
  /** The scenario's load plan, as the run resolved it. */
  load: LoadPlan;
  /** The scenario's Service as it would be applied. */
  service: ApplyObject;
  nodes: readonly V1Node[];
  tolerateControlPlane: boolean;
  /** The agent's time limit, as the run would set it. */
  maxRunSeconds: number;
}

/**
 * The dry run's lines for the load pods: what would be created and sent, then the Job itself as
 * YAML (indented), with placeholders where only the cluster can tell (the ClusterIP, a NodePort
 * the API server picks, an image not given).
 */
export function loadJobPlanLines(d: LoadJobDryRun): string[] {
  const ports = (d.service.spec as { ports?: { port?: number; nodePort?: number }[] } | undefined)?.ports ?? [];
  const svc = d.service.metadata.name;
  const input: LoadJobInput = {
    namespace: d.namespace,
    run: d.run,
    image: d.opts.loadImage ?? '<--load-image IMAGE>',
    count: d.opts.loadPods,
    hostNetwork: !!d.opts.loadHostNetwork,
    tolerateControlPlane: d.tolerateControlPlane,
    target: { clusterIP: `<ClusterIP of Service ${svc}>`, port: ports[0]?.port ?? 0, nodePort: ports[0]?.nodePort ?? 0 },
    plan: d.load,
    maxRunSeconds: d.maxRunSeconds,
    tokenSecret: TOKEN_SECRET,
  };
  const nodes = eligibleNodes(d.nodes, d.tolerateControlPlane);
  const job = planLoadJob(input, nodes.length);
  const share = job.config.streams.map((s) => `${s.name} ${s.rate}`).join(' + ');
  const to = job.hostNetwork
    ? `from each node's host network to its own NodePort ${ports[0]?.nodePort ?? '(the one the API server assigns)'}`
    : `from the pod network to Service ${svc}'s ClusterIP:${ports[0]?.port ?? '?'}`;
  const yaml = stringify(loadJobObject(input, nodes.length), { lineWidth: 0, aliasDuplicateObjects: false })
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`);
  return [
    `create Secret ${d.namespace}/${TOKEN_SECRET}: a random control token the load agents require on every control request (403 without it)`,
    `create Job ${d.namespace}/${LOAD_JOB_NAME}: ${job.count} load pods (${job.spread === 'required' ? 'one per node' : 'spread over the nodes'} of [${nodes.join(', ')}]), each sending ${share} req/s ${to}:`,
    ...yaml,
    `wait until the load pods run; follow their logs; probe their clocks through the pod proxy; start them once the Service answers them`,
  ];
}
