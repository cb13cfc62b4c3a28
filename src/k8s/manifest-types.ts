/**
 * The subset of Kubernetes API objects zerodrop reads from a scenario's manifest.
 * Field names are the API's own, so the same YAML is applied unchanged to a real cluster.
 * The loader rejects fields the embedded runtime does not support (see scenario/manifest.ts).
 */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ExecAction {
  command: string[];
}
export interface HTTPGetAction {
  path?: string;
  port: number | string;
  scheme?: 'HTTP';
}
export interface TCPSocketAction {
  port: number | string;
}

export interface Probe {
  exec?: ExecAction;
  httpGet?: HTTPGetAction;
  tcpSocket?: TCPSocketAction;
  /** Accepted by the API server; the embedded runtime does not run it. */
  grpc?: { port: number; service?: string };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

export interface LifecycleHandler {
  exec?: ExecAction;
  httpGet?: HTTPGetAction;
  sleep?: { seconds: number };
  /** Deprecated and not run by the kubelet, but accepted by the API server. */
  tcpSocket?: TCPSocketAction;
}

export interface EnvVar {
  name: string;
  value?: string;
  /** Only fieldPath status.podIP, metadata.name, metadata.namespace and spec.nodeName are supported. */
  valueFrom?: { fieldRef: { fieldPath: string } };
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: EnvVar[];
  ports?: { containerPort: number; name?: string; protocol?: 'TCP' }[];
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { postStart?: LifecycleHandler; preStop?: LifecycleHandler };
  imagePullPolicy?: string;
  resources?: unknown;
}

export interface PodSpec {
  containers: Container[];
  terminationGracePeriodSeconds?: number;
}

export interface PodTemplateSpec {
  metadata?: Partial<ObjectMeta>;
  spec: PodSpec;
}

export interface Deployment {
  apiVersion: 'apps/v1';
  kind: 'Deployment';
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    minReadySeconds?: number;
    /** Seconds without progress before the rollout counts as failed (default 600); zerodrop's settle wait ends there. */
    progressDeadlineSeconds?: number;
    selector: { matchLabels: Record<string, string> };
    strategy?: {
      type?: 'RollingUpdate';
      rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string };
    };
    template: PodTemplateSpec;
  };
}

export interface Service {
  apiVersion: 'v1';
  kind: 'Service';
  metadata: ObjectMeta;
  spec: {
    type?: 'ClusterIP' | 'NodePort';
    selector: Record<string, string>;
    ports: { port: number; targetPort?: number | string; nodePort?: number; protocol?: 'TCP'; name?: string }[];
  };
}

export interface PodDisruptionBudget {
  apiVersion: 'policy/v1';
  kind: 'PodDisruptionBudget';
  metadata: ObjectMeta;
  spec: {
    minAvailable?: number | string;
    maxUnavailable?: number | string;
    selector: { matchLabels: Record<string, string> };
  };
}

/** Every object of one scenario's manifest file, parsed and validated. */
export interface ManifestSet {
  file: string;
  deployment: Deployment;
  service: Service;
  pdb?: PodDisruptionBudget;
}
