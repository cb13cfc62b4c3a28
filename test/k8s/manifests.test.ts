import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLocalSupport } from '../../src/cluster/providers/local/local-support.ts';
import { findScenarioRoot, readManifestScenario, readManifests } from '../../src/scenario/index.ts';
import { errorOf, tempDir } from '../scenario/tmp-files.ts';

const tmp = tempDir();
const reference = readFileSync(join(findScenarioRoot(), 'prestop-sleep', 'manifest.yaml'), 'utf8');

/** The reference manifest with `from` replaced by `to` (the replacement must apply). */
function variant(from: string, to: string): string {
  if (!reference.includes(from)) throw new Error(`reference manifest has no "${from}"`);
  return tmp.write('manifest.yaml', reference.replace(from, to));
}

describe('readManifests', () => {
  it('reads one Deployment, one Service and the optional PodDisruptionBudget', () => {
    const set = readManifests(tmp.write('manifest.yaml', reference));
    expect(set.deployment.metadata.name).toBe('prestop-sleep');
    expect(set.service.spec.type).toBe('NodePort');
    expect(set.pdb?.spec.minAvailable).toBe(1);
    const noPdb = readManifests(tmp.write('m.yaml', reference.split('---\napiVersion: policy/v1')[0]));
    expect(noPdb.pdb).toBeUndefined();
  });

  it('malformed YAML is one error naming the file and line', () => {
    const e = errorOf(() => readManifests(variant('  replicas: 2\n', '  replicas: [2\n')));
    expect(e.file).toMatch(/manifest\.yaml$/);
    expect(e.field).toMatch(/^line \d+$/);
    expect(e.message).toMatch(/^invalid YAML: /);
    expect(e.oneLine().split('\n')).toHaveLength(1);
  });

  it('names file and object for a missing, duplicated or foreign object', () => {
    const missing = errorOf(() => readManifests(tmp.write('m.yaml', reference.split('---\napiVersion: v1')[0])));
    expect(missing.message).toBe('no Service in the manifest');
    expect(missing.file).toMatch(/m\.yaml$/);
    const service = reference.slice(reference.indexOf('apiVersion: v1'), reference.indexOf('---\napiVersion: policy/v1'));
    expect(errorOf(() => readManifests(tmp.write('m.yaml', `${reference}\n---\n${service}`))).field).toBe('Service/prestop-sleep');
    const cm = errorOf(() =>
      readManifests(tmp.write('m.yaml', `${reference}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n`)),
    );
    expect(cm.field).toBe('document 4.kind');
    expect(cm.message).toMatch(/ConfigMap is not part of a scenario manifest/);
  });

  it('names the dotted field of a missing or mismatched required field', () => {
    expect(errorOf(() => readManifests(variant('          image: zerodrop/prestop-sleep:dev\n', ''))).field).toBe(
      'Deployment/prestop-sleep: spec.template.spec.containers[0].image',
    );
    expect(errorOf(() => readManifests(variant('  selector: { app: prestop-sleep }', '  selector: { app: other }'))).field).toBe(
      'Service/prestop-sleep: spec.selector',
    );
    expect(errorOf(() => readManifests(variant('apiVersion: apps/v1', 'apiVersion: apps/v1beta1'))).field).toBe(
      'Deployment/prestop-sleep: apiVersion',
    );
  });

  it('a missing file is a ZerodropError naming it', () => {
    const e = errorOf(() => readManifests(join(tmp.dir, 'absent.yaml')));
    expect(e.file).toMatch(/absent\.yaml$/);
    expect(e.message).toBe('file not found');
  });
});

describe('checkLocalSupport', () => {
  const local = (file: string) => errorOf(() => checkLocalSupport(readManifests(file)));

  it('rejects a field the embedded runtime does not implement, naming file and dotted path', () => {
    const volumes = local(
      variant('      terminationGracePeriodSeconds: 5\n', '      terminationGracePeriodSeconds: 5\n      volumes: []\n'),
    );
    expect(volumes.file).toMatch(/manifest\.yaml$/);
    expect(volumes.field).toBe('Deployment/prestop-sleep: spec.template.spec.volumes');
    expect(volumes.oneLine()).toMatch(
      /manifest\.yaml: Deployment\/prestop-sleep: spec\.template\.spec\.volumes: is not supported by the embedded runtime/,
    );
    expect(
      local(variant('          imagePullPolicy: IfNotPresent\n', '          imagePullPolicy: IfNotPresent\n          volumeMounts: []\n'))
        .field,
    ).toBe('Deployment/prestop-sleep: spec.template.spec.containers[0].volumeMounts');
    expect(local(variant('fieldPath: metadata.name', 'fieldPath: status.hostIP')).field).toBe(
      'Deployment/prestop-sleep: spec.template.spec.containers[0].env[2].valueFrom.fieldRef.fieldPath',
    );
    expect(local(variant('type: RollingUpdate', 'type: Recreate')).field).toBe('Deployment/prestop-sleep: spec.strategy.type');
    expect(local(variant('  type: NodePort', '  type: LoadBalancer')).field).toBe('Service/prestop-sleep: spec.type');
    const line = (text: string) => reference.slice(0, reference.indexOf(text)).split('\n').length;
    expect(local(variant('periodSeconds: 1', 'periodSeconds: "1"')).message).toBe(
      `must be an integer, got "1" (line ${line('periodSeconds: 1')})`,
    );
    expect(volumes.message).toContain(`(line ${line('terminationGracePeriodSeconds: 5') + 1})`);
    // Two handlers: rejected by the API checks at load time, for every provider, naming the second one (issue 16).
    expect(
      local(variant('            periodSeconds: 1\n', '            periodSeconds: 1\n            tcpSocket: { port: 8080 }\n')).field,
    ).toBe('Deployment/prestop-sleep: spec.template.spec.containers[0].readinessProbe.tcpSocket');
  });

  it('accepts resources and imagePullPolicy and ignores them', () => {
    const file = variant(
      '          imagePullPolicy: IfNotPresent\n',
      '          imagePullPolicy: Always\n          resources: { limits: { cpu: 100m } }\n',
    );
    expect(() => checkLocalSupport(readManifests(file))).not.toThrow();
  });
});

describe('readManifestScenario (bring your own Deployment)', () => {
  it('names the scenario after the Deployment, expects lossless, uses default load and no Dockerfile', async () => {
    const file = tmp.write('byo.yaml', reference.replaceAll('prestop-sleep', 'my-app'));
    const s = await readManifestScenario(file, { image: 'my-app:1.2-local' });
    expect(s).toMatchObject({
      name: 'my-app',
      file,
      expected: 'lossless',
      images: {},
      disruptions: ['rollout', 'delete', 'drain', 'scale-down'],
    });
    expect(s.load).toMatchObject({
      rate: 100,
      streams: ['keep-alive', 'new-connection'],
      keepAlivePercent: 50,
      maxConnections: 0,
      reconnectEvery: 0,
      path: '/',
    });
    expect(s.manifests.deployment.spec.template.spec.containers[0].image).toBe('my-app:1.2-local');
    expect((await readManifestScenario(file)).manifests.deployment.spec.template.spec.containers[0].image).toBe('zerodrop/my-app:dev');
  });
});
