import type { PodDisruptionBudget } from '../../../../src/k8s/manifest-types.ts';
import type { Scenario } from '../../../../src/scenario/types.ts';
import type { TimelineEvent, TimelineSink } from '../../../../src/timeline/types.ts';

export interface FixtureOptions {
  replicas?: number;
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  minReadySeconds?: number;
  pdb?: PodDisruptionBudget['spec'];
  grace?: number;
}

/** A hand-built scenario (Deployment + Service [+ PDB]) for control-plane tests; images are unused by stand-in pods. */
export function fixtureScenario(o: FixtureOptions = {}): Scenario {
  const labels = { app: 'web' };
  const rollingUpdate: Record<string, number | string> = {};
  if (o.maxSurge !== undefined) rollingUpdate.maxSurge = o.maxSurge;
  if (o.maxUnavailable !== undefined) rollingUpdate.maxUnavailable = o.maxUnavailable;
  return {
    name: 'fixture',
    dir: '/nonexistent',
    file: '/nonexistent/scenario.yaml',
    description: 'control-plane test fixture',
    expected: 'any',
    load: {
      rate: 10,
      streams: ['keep-alive'],
      keepAlivePercent: 100,
      maxConnections: 0,
      timeoutMs: 1000,
      reconnectEvery: 0,
      poolOrder: 'lifo',
      idleCloseMs: 2000,
      baselineSeconds: 1,
      recoverySeconds: 1,
      path: '/',
    },
    disruptions: ['rollout', 'delete', 'drain'],
    images: {},
    manifests: {
      file: '/nonexistent/k8s.yaml',
      deployment: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          replicas: o.replicas ?? 2,
          minReadySeconds: o.minReadySeconds,
          selector: { matchLabels: labels },
          strategy: { type: 'RollingUpdate', rollingUpdate },
          template: {
            metadata: { labels },
            spec: {
              terminationGracePeriodSeconds: o.grace ?? 5,
              containers: [{ name: 'app', image: 'web:1', ports: [{ containerPort: 18080, name: 'http' }] }],
            },
          },
        },
      },
      service: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { type: 'NodePort', selector: labels, ports: [{ port: 80, targetPort: 'http' }] },
      },
      pdb: o.pdb && { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: o.pdb },
    },
  };
}

export function recorder(): { events: TimelineEvent[]; timeline: TimelineSink } {
  const events: TimelineEvent[] = [];
  return { events, timeline: { emit: (e) => events.push({ t: Date.now(), ...e }) } };
}
