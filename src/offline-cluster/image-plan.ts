/**
 * Which image to build for each line of `kubeadm config images list` (pure logic, unit-tested).
 * kubeadm's static pods and kube-proxy DaemonSet reference exactly these tags, and containerd
 * never pulls them because the node image holds them already.
 */

export type ImageRecipe =
  /** FROM scratch plus one static binary (images/components/static.Dockerfile). */
  | { kind: 'static'; tag: string; binary: string }
  /** kube-proxy on the iptables base (images/components/kube-proxy.Dockerfile). */
  | { kind: 'kube-proxy'; tag: string; binary: 'kube-proxy' }
  /** zerodrop's own pause (images/components/pause.Dockerfile). */
  | { kind: 'pause'; tag: string; binary: 'pause' }
  /** Not built offline (CoreDNS): the cluster runs without it. */
  | { kind: 'skipped'; tag: string; reason: string };

const STATIC = new Set(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd']);

/** `registry.k8s.io/coredns/coredns:v1.12.1` -> `coredns`. */
export function imageBaseName(tag: string): string {
  const noDigest = tag.split('@')[0]!;
  const lastSlash = noDigest.lastIndexOf('/');
  const nameTag = noDigest.slice(lastSlash + 1);
  const colon = nameTag.indexOf(':');
  return colon < 0 ? nameTag : nameTag.slice(0, colon);
}

/** Parses kubeadm's output: one image reference per non-empty line. */
export function parseImageList(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && /^[a-z0-9.-]+(\/[a-z0-9._-]+)+:[A-Za-z0-9._-]+$/.test(l));
}

/** A recipe for every image kubeadm lists, keeping its exact tag. */
export function planImages(list: readonly string[]): ImageRecipe[] {
  return list.map((tag): ImageRecipe => {
    const name = imageBaseName(tag);
    if (STATIC.has(name)) return { kind: 'static', tag, binary: name };
    if (name === 'kube-proxy') return { kind: 'kube-proxy', tag, binary: 'kube-proxy' };
    if (name === 'pause') return { kind: 'pause', tag, binary: 'pause' };
    if (name === 'coredns') {
      return { kind: 'skipped', tag, reason: 'CoreDNS is not built offline; the cluster skips the addon/coredns phase' };
    }
    return { kind: 'skipped', tag, reason: `no offline recipe for ${name}` };
  });
}

/** The tags kubeadm v1.34 prints for `version` (what `kubeadm config images list` should agree with). */
export function expectedKubeadmImages(version: string, etcd: string, pause: string, coredns: string): string[] {
  const r = 'registry.k8s.io';
  return [
    `${r}/kube-apiserver:${version}`,
    `${r}/kube-controller-manager:${version}`,
    `${r}/kube-scheduler:${version}`,
    `${r}/kube-proxy:${version}`,
    `${r}/coredns/coredns:${coredns}`,
    `${r}/pause:${pause}`,
    `${r}/etcd:${etcd}`,
  ];
}

/** The containerd `sandbox_image` line out of a config.toml. */
export function sandboxImageOf(configToml: string): string | undefined {
  return /^\s*sandbox_image\s*=\s*"([^"]+)"/m.exec(configToml)?.[1];
}
