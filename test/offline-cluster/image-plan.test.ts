import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubeadmImageList } from '../../src/offline-cluster/component-images.ts';
import { kubernetesSpec } from '../../src/offline-cluster/go-build.ts';
import { expectedKubeadmImages, imageBaseName, parseImageList, planImages, sandboxImageOf } from '../../src/offline-cluster/image-plan.ts';
import { IMAGES_DIR, outBin, VERSIONS } from '../../src/offline-cluster/paths.ts';

const LIST = expectedKubeadmImages('v1.34.4', '3.6.5-0', '3.10.1', 'v1.12.1');

describe('component image plan', () => {
  it('keeps every tag exactly as kubeadm prints it', () => {
    const plan = planImages(LIST);
    expect(plan.map((r) => r.tag)).toEqual(LIST);
    expect(plan.map((r) => r.kind)).toEqual(['static', 'static', 'static', 'kube-proxy', 'skipped', 'pause', 'static']);
    const etcd = plan[6]!;
    expect(etcd.kind === 'static' && etcd.binary).toBe('etcd');
  });

  it('skips CoreDNS with a reason', () => {
    const coredns = planImages(LIST).find((r) => r.tag.includes('coredns'))!;
    expect(coredns.kind).toBe('skipped');
    expect(coredns.kind === 'skipped' && coredns.reason).toMatch(/CoreDNS/);
  });

  it('names images by their last path element without tag or digest', () => {
    expect(imageBaseName('registry.k8s.io/coredns/coredns:v1.12.1')).toBe('coredns');
    expect(imageBaseName('registry.k8s.io/etcd:3.6.5-0')).toBe('etcd');
    expect(imageBaseName('registry.k8s.io/pause@sha256:abc')).toBe('pause');
  });

  it('parses kubeadm output, ignoring log lines', () => {
    const out = `W1122 warning: could not fetch a Kubernetes version\n${LIST.join('\n')}\n\n`;
    expect(parseImageList(out)).toEqual(LIST);
  });

  it('puts the pause image kubeadm expects at containerd sandbox_image', async () => {
    const toml = await readFile(join(IMAGES_DIR, 'node/files/etc/containerd/config.toml'), 'utf8');
    expect(sandboxImageOf(toml)).toBe(`registry.k8s.io/pause:${VERSIONS.pause}`);
    expect(LIST).toContain(sandboxImageOf(toml));
  });

  const kubeadm = join(outBin(kubernetesSpec().name), 'kubeadm');
  it.skipIf(!existsSync(kubeadm))(
    'agrees with the built kubeadm (skipped: kubeadm not built yet, run zerodrop cluster image --offline)',
    async () => {
      const list = await kubeadmImageList(kubeadm, VERSIONS.kubernetes);
      expect(list).toEqual(expectedKubeadmImages(VERSIONS.kubernetes, '3.6.5-0', VERSIONS.pause, 'v1.12.1'));
    },
  );
});
