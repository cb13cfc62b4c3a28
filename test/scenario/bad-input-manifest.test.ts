import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readManifestScenario, readManifests } from '../../src/scenario/index.ts';
import { errorOf, tempDir } from './tmp-files.ts';

const REFERENCE = readFileSync(fileURLToPath(new URL('../../scenarios/prestop-sleep/manifest.yaml', import.meta.url)), 'utf8');
const tmp = tempDir();
const variant = (from: string, to: string) => {
  if (!REFERENCE.includes(from)) throw new Error(`reference lacks ${from}`);
  return tmp.write('manifest.yaml', REFERENCE.replace(from, to));
};
const C = 'spec.template.spec.containers[0]';

describe('manifest values the API server rejects (issue 8, section 4)', () => {
  it('the reference loads', () => {
    expect(readManifests(tmp.write('manifest.yaml', REFERENCE)).deployment.metadata.name).toBe('prestop-sleep');
  });

  it.each([
    ['periodSeconds: 1', 'periodSeconds: -1', `Deployment/prestop-sleep: ${C}.readinessProbe.periodSeconds`, 'between 1 and 86400, got -1'],
    [
      'periodSeconds: 1',
      'periodSeconds: 1\n            failureThreshold: 0',
      `Deployment/prestop-sleep: ${C}.readinessProbe.failureThreshold`,
      'got 0',
    ],
    [
      'periodSeconds: 1',
      'periodSeconds: 1\n            initialDelaySeconds: -5',
      `Deployment/prestop-sleep: ${C}.readinessProbe.initialDelaySeconds`,
      'got -5',
    ],
    [
      'terminationGracePeriodSeconds: 5',
      'terminationGracePeriodSeconds: -1',
      'Deployment/prestop-sleep: spec.template.spec.terminationGracePeriodSeconds',
      'got -1',
    ],
    ['sleep: { seconds: 3 }', 'sleep: { seconds: -1 }', `Deployment/prestop-sleep: ${C}.lifecycle.preStop.sleep.seconds`, 'got -1'],
    ['minAvailable: 1', 'minAvailable: "abc%"', 'PodDisruptionBudget/prestop-sleep: spec.minAvailable', '"abc%" is not a valid percentage'],
    ['minAvailable: 1', 'minAvailable: "150%"', 'PodDisruptionBudget/prestop-sleep: spec.minAvailable', 'greater than 100%'],
    ['- { name: PORT, value: "8080" }', '- { value: "8080" }', `Deployment/prestop-sleep: ${C}.env[0].name`, 'is required'],
    [
      'targetPort: 8080,',
      'targetPort: 8080, nodePort: 80,',
      'Service/prestop-sleep: spec.ports[0].nodePort',
      'between 30000 and 32767, got 80',
    ],
    ['replicas: 2', 'replicas: -1', 'Deployment/prestop-sleep: spec.replicas', 'between 1 and 100, got -1'],
    ['replicas: 2', 'replicas: 0', 'Deployment/prestop-sleep: spec.replicas', 'nothing to measure'],
    ['replicas: 2', 'replicas: 1.5', 'Deployment/prestop-sleep: spec.replicas', 'must be an integer'],
    [
      'maxSurge: 1, maxUnavailable: 0',
      'maxSurge: 0, maxUnavailable: 0',
      'Deployment/prestop-sleep: spec.strategy.rollingUpdate.maxUnavailable',
      'may not be 0',
    ],
    ['- name: app', '- name: App_1', `Deployment/prestop-sleep: ${C}.name`, 'DNS-1123 label'],
    [
      'httpGet: { path: /readyz, port: 8080 }',
      'httpGet: { path: /readyz, port: web }',
      `Deployment/prestop-sleep: ${C}.readinessProbe.httpGet.port`,
      'names port "web", which the container does not declare',
    ],
    [
      'targetPort: 8080,',
      'targetPort: web,',
      'Service/prestop-sleep: spec.ports[0].targetPort',
      'which no container of Deployment/prestop-sleep declares',
    ],
    [
      '{ name: http, containerPort: 8080 }',
      '{ name: http, containerPort: 70000 }',
      `Deployment/prestop-sleep: ${C}.ports[0].containerPort`,
      'got 70000',
    ],
    [
      'labels: { app: prestop-sleep }\nspec:',
      'labels: { app: "-bad-" }\nspec:',
      'Deployment/prestop-sleep: metadata.labels.app',
      'not a valid label value',
    ],
  ])('%s -> %s', (from, to, field, message) => {
    const file = variant(from, to);
    const e = errorOf(() => readManifests(file));
    expect(e.exitCode).toBe(2);
    expect(e.file).toBe(file);
    expect(e.field).toBe(field);
    expect(e.message).toContain(message);
    expect(e.message).toMatch(/\(line \d+\)$/);
  });

  it.each([
    [
      /preStop:\n.*\n *sleep: \{ seconds: 3 \}/,
      'preStop: {}',
      `${C}.lifecycle.preStop`,
      'must specify a handler type: exactly one of exec, httpGet, tcpSocket, sleep',
    ],
    ['lifecycle:\n', 'lifecycle:\n            postStart: {}\n', `${C}.lifecycle.postStart`, 'must specify a handler type'],
    [
      'sleep: { seconds: 3 }',
      'sleep: { seconds: 3 }\n              exec: { command: [sh] }',
      `${C}.lifecycle.preStop.sleep`,
      'may not specify more than 1 handler type (exec and sleep are set',
    ],
    [
      'httpGet: { path: /readyz, port: 8080 }',
      'initialDelaySeconds: 0',
      `${C}.readinessProbe`,
      'must specify a handler type: exactly one of exec, httpGet, tcpSocket, grpc',
    ],
    [
      'httpGet: { path: /readyz, port: 8080 }',
      'httpGet: { path: /readyz, port: 8080 }\n            tcpSocket: { port: 8080 }',
      `${C}.readinessProbe.tcpSocket`,
      'may not specify more than 1 handler type',
    ],
    ['httpGet: { path: /readyz, port: 8080 }', 'exec: {}', `${C}.readinessProbe.exec.command`, 'is required'],
    ['httpGet: { path: /readyz, port: 8080 }', 'httpGet: { path: /readyz }', `${C}.readinessProbe.httpGet.port`, 'is required'],
  ])('a probe or hook needs exactly one handler (issue 16): %s -> %s', (from, to, field, message) => {
    if (!REFERENCE.match(from)) throw new Error(`reference lacks ${String(from)}`);
    const file = tmp.write('manifest.yaml', REFERENCE.replace(from, to));
    const e = errorOf(() => readManifests(file));
    expect(e.exitCode).toBe(2);
    expect(e.oneLine()).toMatch(
      new RegExp(
        `^${file}: Deployment/prestop-sleep: ${field.replace(/[.[\]]/g, '\\$&')}: ${message.replace(/[()[\]]/g, '\\$&')}.* \\(line \\d+\\)$`,
      ),
    );
  });

  it('two containers with the same name', () => {
    const second = '        - name: app\n          image: zerodrop/prestop-sleep:dev\n';
    const e = errorOf(() => readManifests(variant('      containers:\n', `      containers:\n${second}`)));
    expect(e.field).toBe(`Deployment/prestop-sleep: spec.template.spec.containers[1].name`);
    expect(e.message).toContain('duplicate container name "app"');
  });

  it.each(['../../../escape', '..', 'a/b', 'UPPER', `x${'a'.repeat(63)}`])(
    'a Deployment named %j is rejected before any path is built',
    async (name) => {
      const file = tmp.write('byo.yaml', REFERENCE.replace(/name: prestop-sleep\n {2}labels/, `name: ${JSON.stringify(name)}\n  labels`));
      const e = await readManifestScenario(file).then(
        () => undefined,
        (err: unknown) => err as { field?: string; exitCode?: number },
      );
      expect(e?.exitCode).toBe(2);
      expect(e?.field).toBe(`Deployment/${name}: metadata.name`);
    },
  );

  it('a FIFO as manifest fails at once naming it', () => {
    const fifo = join(tmp.dir, 'manifest-fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(errorOf(() => readManifests(fifo)).oneLine()).toBe(`${fifo}: is a FIFO, not a regular file`);
  });
});
