import { AGENT_CONFIG_ENV, AGENT_CONTROL_PORT, AGENT_NODE_IP_ENV, AGENT_TOKEN_ENV, type AgentConfig } from '../../../load/index.ts';
import type { ApplyObject } from '../manifest-transform.ts';
import { dnsLabel, RUN_LABEL } from '../manifest-transform.ts';

export const LOAD_JOB_NAME = 'zerodrop-load';
export const LOAD_CONTAINER = 'agent';
/** The argument of zerodrop's image that runs the load agent (bin/zerodrop.js hands it to load/agent/agent-main). */
export const AGENT_COMMAND = 'agent';
/** Label of the load pods (and nothing else): no scenario selector, PodDisruptionBudget or drain ever matches it. */
export const LOAD_POD_LABEL = 'app.kubernetes.io/name';
export const LOAD_POD_VALUE = 'zerodrop-load-agent';
export const LOAD_POD_SELECTOR = `${LOAD_POD_LABEL}=${LOAD_POD_VALUE}`;
/** Index of an Indexed Job's pod (set by the Job controller). */
export const COMPLETION_INDEX_LABEL = 'batch.kubernetes.io/job-completion-index';
const CONTROL_PLANE_TAINT = 'node-role.kubernetes.io/control-plane';
const HOSTNAME = 'kubernetes.io/hostname';

export interface LoadJobOptions {
  namespace: string;
  run: string;
  image: string;
  pullPolicy?: 'IfNotPresent' | 'Never' | 'Always';
  /** Load pods (parallelism and completions of the Indexed Job). */
  count: number;
  /** Every pod's settings (its share of the rate). */
  config: AgentConfig;
  /** Send from the node's network namespace (to the node's own NodePort) instead of the pod network. */
  hostNetwork: boolean;
  /** Run on control-plane nodes too (kind: its control plane is one of the three nodes). */
  tolerateControlPlane: boolean;
  /** 'required': one pod per node, guaranteed (count fits the nodes); 'preferred': spread as evenly as the scheduler can. */
  spread: 'required' | 'preferred';
  /** The Job (and its pods) is ended by the Job controller after this long, should the harness be gone. */
  activeDeadlineSeconds: number;
  /** Secret (key `token`) holding the control token the agents require; none: control requests need no token. */
  tokenSecret?: string;
}

/** The Secret of the load pods' control token, in the load pods' namespace. */
export const TOKEN_SECRET = 'zerodrop-load-token';

/** One pod per node: anti-affinity on the hostname among the load pods. */
function placement(o: LoadJobOptions): Record<string, unknown> {
  const term = { labelSelector: { matchLabels: { [LOAD_POD_LABEL]: LOAD_POD_VALUE } }, topologyKey: HOSTNAME };
  const antiAffinity =
    o.spread === 'required'
      ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
      : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] };
  return {
    affinity: { podAntiAffinity: antiAffinity },
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: term.labelSelector },
    ],
    ...(o.tolerateControlPlane ? { tolerations: [{ key: CONTROL_PLANE_TAINT, operator: 'Exists', effect: 'NoSchedule' }] } : {}),
  };
}

/**
 * The Indexed Job of `count` load pods in the run namespace (it goes with the namespace). Each pod
 * runs the load agent (load/agent/) with the same settings; JOB_COMPLETION_INDEX is its loader
 * index. restartPolicy OnFailure restarts a crashed agent in the same pod (its log stays readable);
 * the agent idles after a restart and the harness counts what the pod did not report.
 */
export function loadJobManifest(o: LoadJobOptions): ApplyObject {
  const labels = { [LOAD_POD_LABEL]: LOAD_POD_VALUE, 'app.kubernetes.io/managed-by': 'zerodrop', [RUN_LABEL]: dnsLabel(o.run) };
  const config: AgentConfig = { ...o.config, controlPort: o.hostNetwork ? 0 : AGENT_CONTROL_PORT };
  const container = {
    name: LOAD_CONTAINER,
    image: o.image,
    // zerodrop's own image (images/zerodrop): its entrypoint is the CLI, whose `agent` runs the load agent.
    args: [AGENT_COMMAND],
    ...(o.pullPolicy ? { imagePullPolicy: o.pullPolicy } : {}),
    env: [
      { name: AGENT_CONFIG_ENV, value: JSON.stringify(config) },
      { name: AGENT_NODE_IP_ENV, valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
      ...(o.tokenSecret ? [{ name: AGENT_TOKEN_ENV, valueFrom: { secretKeyRef: { name: o.tokenSecret, key: 'token' } } }] : []),
    ],
    ...(o.hostNetwork ? {} : { ports: [{ name: 'control', containerPort: AGENT_CONTROL_PORT }] }),
    // Requests only: a CPU limit would throttle the load and slip its schedule.
    resources: { requests: { cpu: '100m', memory: '64Mi' } },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 1000,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      // With the rest, what Pod Security's `restricted` profile asks of a container.
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: LOAD_JOB_NAME, namespace: o.namespace, labels },
    spec: {
      completionMode: 'Indexed',
      completions: o.count,
      parallelism: o.count,
      backoffLimit: 3 * o.count,
      activeDeadlineSeconds: o.activeDeadlineSeconds,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'OnFailure',
          terminationGracePeriodSeconds: 10,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          ...(o.hostNetwork ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } : {}),
          ...placement(o),
          containers: [container],
        },
      },
    },
  };
}
