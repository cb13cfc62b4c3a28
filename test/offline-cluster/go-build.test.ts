import { describe, expect, it } from 'vitest';
import { debootstrapArgs, NODE_BASE_PACKAGES } from '../../src/offline-cluster/base-image.ts';
import { goBuildArgs, KUBE_COMMANDS, kubernetesLdflags, kubernetesSpec, PAUSE_SPEC } from '../../src/offline-cluster/go-build.ts';

describe('go build recipes', () => {
  it('sets version ldflags in component-base and client-go', () => {
    const f = kubernetesLdflags('v1.34.4');
    for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
      expect(f).toContain(`-X ${pkg}.gitVersion=v1.34.4`);
      expect(f).toContain(`-X ${pkg}.gitMajor=1`);
      expect(f).toContain(`-X ${pkg}.gitMinor=34`);
    }
    expect(f.startsWith('-s -w ')).toBe(true);
    expect(() => kubernetesLdflags('1.34')).toThrow(/not a Kubernetes version/);
  });

  it('builds the seven commands in one go build into a directory', () => {
    const args = goBuildArgs(kubernetesSpec('v1.34.4'), '/out');
    expect(args.slice(0, 4)).toEqual(['build', '-mod=mod', '-trimpath', '-ldflags']);
    expect(args).toContain('/out/');
    expect(args.filter((a) => a.startsWith('k8s.io/kubernetes/cmd/'))).toHaveLength(KUBE_COMMANDS.length);
    expect(goBuildArgs(PAUSE_SPEC, '/out')).toContain('/out/pause');
  });

  it('runs debootstrap without a mirror argument', () => {
    const args = debootstrapArgs(NODE_BASE_PACKAGES, '/tmp/rootfs');
    expect(args).toEqual(['--variant=minbase', `--include=${NODE_BASE_PACKAGES.join(',')}`, 'bookworm', '/tmp/rootfs']);
    expect(args.some((a) => /^[a-z]+:\/\//.test(a))).toBe(false);
  });
});

describe('go toolchain check', () => {
  it('accepts Go 1.24 and newer only', async () => {
    const { goVersionOk } = await import('../../src/offline-cluster/go-toolchain.ts');
    expect(goVersionOk('go1.26.8')).toBe(true);
    expect(goVersionOk('go1.24.0\n')).toBe(true);
    expect(goVersionOk('go2.0')).toBe(true);
    expect(goVersionOk('go1.19.8')).toBe(false);
    expect(goVersionOk('devel')).toBe(false);
  });
});
