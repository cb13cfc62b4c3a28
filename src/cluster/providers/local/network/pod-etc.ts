import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLUSTER_DOMAIN } from './pod-dns.ts';

/**
 * A pod's /etc/resolv.conf and /etc/hosts as the kubelet writes them for dnsPolicy ClusterFirst:
 * the cluster DNS as nameserver, the namespace's search list with ndots:5, and a hosts file that
 * names the pod's own address with its hostname (the pod name). Written into `dir`; returns `dir`.
 */
export async function writePodEtc(dir: string, pod: { name: string; namespace: string; ip: string }, nameserver: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const search = [`${pod.namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
  await writeFile(join(dir, 'resolv.conf'), `search ${search.join(' ')}\nnameserver ${nameserver}\noptions ndots:5\n`);
  await writeFile(
    join(dir, 'hosts'),
    [
      '# Kubernetes-managed hosts file (zerodrop embedded runtime).',
      '127.0.0.1\tlocalhost',
      '::1\tlocalhost ip6-localhost ip6-loopback',
      'fe00::0\tip6-localnet',
      'fe00::0\tip6-mcastprefix',
      'fe00::1\tip6-allnodes',
      'fe00::2\tip6-allrouters',
      `${pod.ip}\t${pod.name}`,
      '',
    ].join('\n'),
  );
  return dir;
}
