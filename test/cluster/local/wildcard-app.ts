import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../../../src/scenario/types.ts';

const scenariosDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../scenarios');

/**
 * A hand-built scenario on the real scenario app that binds 0.0.0.0 (HOST=0.0.0.0, as most real apps
 * do) on `port`, with readiness probe (httpGet, or `execProbe`), drain on SIGTERM and a 2 s preStop sleep.
 */
export function wildcardScenario(replicas: number, port: number, opts: { execProbe?: boolean } = {}): Scenario {
  // The exec probe reads the listener table of the network namespace it runs in: it passes only when
  // it runs in the pod's own namespace (where the pod's listener on 0.0.0.0:port is).
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const readinessProbe = opts.execProbe
    ? { exec: { command: ['sh', '-c', `grep -q ' 00000000:${hex} 00000000:0000 0A' /proc/net/tcp`] }, periodSeconds: 1 }
    : { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 1 };
  const labels = { app: 'wildcard-e2e' };
  const image = 'zerodrop/wildcard-e2e:dev';
  return {
    name: 'wildcard-e2e',
    dir: join(scenariosDir, 'wildcard-e2e'),
    file: join(scenariosDir, 'wildcard-e2e/scenario.yaml'),
    description: 'an app that binds 0.0.0.0',
    expected: 'lossless',
    load: {
      rate: 50,
      streams: ['keep-alive', 'new-connection'],
      keepAlivePercent: 50,
      maxConnections: 0,
      timeoutMs: 2000,
      reconnectEvery: 0,
      poolOrder: 'lifo',
      idleCloseMs: 2000,
      baselineSeconds: 1,
      recoverySeconds: 1,
      path: '/',
    },
    disruptions: ['rollout'],
    images: {
      [image]: {
        dockerfile: join(scenariosDir, 'wildcard-e2e/Dockerfile'),
        context: scenariosDir,
        from: 'node:24-slim',
        entrypoint: [],
        cmd: ['node', 'server.ts'],
        workdir: '/app',
        env: {},
        copies: [{ sources: ['_app/server.ts'], dest: './' }],
      },
    },
    manifests: {
      file: join(scenariosDir, 'wildcard-e2e/k8s.yaml'),
      deployment: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'wildcard-e2e' },
        spec: {
          replicas,
          selector: { matchLabels: labels },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
          template: {
            metadata: { labels },
            spec: {
              terminationGracePeriodSeconds: 10,
              containers: [
                {
                  name: 'app',
                  image,
                  ports: [{ containerPort: port, name: 'http' }],
                  env: [
                    { name: 'PORT', value: String(port) },
                    { name: 'HOST', value: '0.0.0.0' },
                    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                  ],
                  readinessProbe,
                  lifecycle: { preStop: { sleep: { seconds: 2 } } },
                },
              ],
            },
          },
        },
      },
      service: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'wildcard-e2e' },
        spec: { type: 'NodePort', selector: labels, ports: [{ port: 80, targetPort: 'http' }] },
      },
    },
  };
}

export { get, underLoad } from '../../support/sequential-client.ts';
