/**
 * What the embedded runtime implements of each manifest object: an allow-list over the subset in
 * k8s-types.ts. A key absent here is a field the runtime would silently ignore, so it is rejected.
 */
export type FieldSpec =
  | 'string'
  | 'int'
  | 'int-or-string'
  | 'string-map'
  | 'ignored'
  | { enum: readonly string[] }
  | { array: FieldSpec }
  | { object: { [key: string]: FieldSpec } };

const obj = (fields: { [key: string]: FieldSpec }): FieldSpec => ({ object: fields });
const arr = (item: FieldSpec): FieldSpec => ({ array: item });
const oneOf = (...values: string[]): FieldSpec => ({ enum: values });

const metadata = obj({ name: 'string', namespace: 'string', labels: 'string-map', annotations: 'string-map' });
const exec = obj({ command: arr('string') });
const httpGet = obj({ path: 'string', port: 'int-or-string', scheme: oneOf('HTTP') });
const probe = obj({
  exec,
  httpGet,
  tcpSocket: obj({ port: 'int-or-string' }),
  initialDelaySeconds: 'int',
  periodSeconds: 'int',
  timeoutSeconds: 'int',
  successThreshold: 'int',
  failureThreshold: 'int',
});
const envVar = obj({
  name: 'string',
  value: 'string',
  valueFrom: obj({
    fieldRef: obj({ apiVersion: oneOf('v1'), fieldPath: oneOf('status.podIP', 'metadata.name', 'metadata.namespace', 'spec.nodeName') }),
  }),
});
const container = obj({
  name: 'string',
  image: 'string',
  command: arr('string'),
  args: arr('string'),
  workingDir: 'string',
  env: arr(envVar),
  ports: arr(obj({ containerPort: 'int', name: 'string', protocol: oneOf('TCP') })),
  startupProbe: probe,
  readinessProbe: probe,
  livenessProbe: probe,
  lifecycle: obj({ preStop: obj({ exec, httpGet, sleep: obj({ seconds: 'int' }) }) }),
  imagePullPolicy: 'ignored',
  resources: 'ignored',
});
const labelSelector = obj({ matchLabels: 'string-map' });

export const LOCAL_SUPPORT: Record<'Deployment' | 'Service' | 'PodDisruptionBudget', FieldSpec> = {
  Deployment: obj({
    apiVersion: 'string',
    kind: 'string',
    metadata,
    spec: obj({
      replicas: 'int',
      minReadySeconds: 'int',
      selector: labelSelector,
      strategy: obj({
        type: oneOf('RollingUpdate'),
        rollingUpdate: obj({ maxSurge: 'int-or-string', maxUnavailable: 'int-or-string' }),
      }),
      template: obj({
        metadata,
        spec: obj({ containers: arr(container), terminationGracePeriodSeconds: 'int' }),
      }),
    }),
  }),
  Service: obj({
    apiVersion: 'string',
    kind: 'string',
    metadata,
    spec: obj({
      type: oneOf('ClusterIP', 'NodePort'),
      selector: 'string-map',
      ports: arr(obj({ name: 'string', port: 'int', targetPort: 'int-or-string', nodePort: 'int', protocol: oneOf('TCP') })),
    }),
  }),
  PodDisruptionBudget: obj({
    apiVersion: 'string',
    kind: 'string',
    metadata,
    spec: obj({ minAvailable: 'int-or-string', maxUnavailable: 'int-or-string', selector: labelSelector }),
  }),
};
