import { describe, expect, it } from 'vitest';
import { describeObject, dnsLabel, runNamespace, transformManifests } from '../../../src/cluster/kube/manifest-transform.ts';
import type { ManifestSet } from '../../../src/k8s/manifest-types.ts';

function manifests(): ManifestSet {
  return {
    file: 'scenarios/x/manifest.yaml',
    deployment: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              { name: 'app', image: 'zerodrop/web:dev' },
              { name: 'side', image: 'busybox:1' },
            ],
          },
        },
      },
    },
    service: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: {
        selector: { app: 'web' },
        ports: [
          { port: 80, targetPort: 8080, nodePort: 31000 },
          { port: 81, nodePort: 31001 },
        ],
      },
    },
    pdb: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
    },
  };
}

describe('transformManifests', () => {
  it('puts every object into the run namespace, namespace first, and leaves the input alone', () => {
    const m = manifests();
    const before = JSON.stringify(m);
    const out = transformManifests(m, { namespace: 'zerodrop-r1-web', run: 'r1', images: {} });
    expect(out.map(describeObject)).toEqual([
      'Namespace zerodrop-r1-web',
      'Deployment zerodrop-r1-web/web',
      'Service zerodrop-r1-web/web',
      'PodDisruptionBudget zerodrop-r1-web/web',
    ]);
    expect(out[0].metadata.labels?.['zerodrop.dev/run']).toBe('r1');
    expect(JSON.stringify(m)).toBe(before);
  });

  it('substitutes only the images it is given, with the pull policy', () => {
    const out = transformManifests(manifests(), {
      namespace: 'n',
      run: 'r',
      images: { 'zerodrop/web:dev': 'zerodrop/web:abc' },
      pullPolicy: 'Never',
    });
    const containers = (out[1] as unknown as ManifestSet['deployment']).spec.template.spec.containers;
    expect(containers[0]).toMatchObject({ image: 'zerodrop/web:abc', imagePullPolicy: 'Never' });
    expect(containers[1].image).toBe('busybox:1');
    expect(containers[1].imagePullPolicy).toBeUndefined();
  });

  it('makes the Service a NodePort and pins the first port to the mapped NodePort', () => {
    const out = transformManifests(manifests(), { namespace: 'n', run: 'r', images: {}, nodePort: 30080 });
    const svc = out[2] as unknown as ManifestSet['service'];
    expect(svc.spec.type).toBe('NodePort');
    expect(svc.spec.ports[0].nodePort).toBe(30080);
    expect(svc.spec.ports[1].nodePort).toBeUndefined();
  });

  it('adds soft pod affinity to its own pods per node when asked to colocate', () => {
    const plain = transformManifests(manifests(), { namespace: 'n', run: 'r', images: {} });
    expect(JSON.stringify(plain[1])).not.toContain('affinity');
    const out = transformManifests(manifests(), { namespace: 'n', run: 'r', images: {}, colocate: true });
    const spec = (out[1] as unknown as { spec: { template: { spec: { affinity: unknown } } } }).spec.template.spec;
    expect(spec.affinity).toEqual({
      podAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
          },
        ],
      },
    });
  });

  it('keeps user NodePorts when none is pinned, and works without a PDB', () => {
    const m = manifests();
    delete m.pdb;
    const out = transformManifests(m, { namespace: 'n', run: 'r', images: {} });
    expect(out).toHaveLength(3);
    expect((out[2] as unknown as ManifestSet['service']).spec.ports.map((p) => p.nodePort)).toEqual([31000, 31001]);
  });
});

describe('namespace names', () => {
  it('are DNS labels of at most 63 characters', () => {
    expect(runNamespace('mf3x', 'prestop-sleep')).toBe('zerodrop-mf3x-prestop-sleep');
    expect(runNamespace('R_1', 'My App!')).toBe('zerodrop-r-1-my-app');
    const long = runNamespace('run', 'x'.repeat(80));
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(dnsLabel('---')).toBe('x');
  });
});
