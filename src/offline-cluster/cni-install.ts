import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Log } from '../util/index.ts';
import { runCommand } from '../util/index.ts';
import { type NodeAddr, nodeSubnet, orderNodes, renderConflist, routePlan } from './cni-plan.ts';
import { IMAGES_DIR } from './paths.ts';

export const CONFLIST_PATH = '/etc/cni/net.d/10-zerodrop.conflist';

/** The node containers of a kind cluster with their IPv4 address on the kind network. */
export async function clusterNodes(cluster: string): Promise<NodeAddr[]> {
  const { stdout } = await runCommand('docker', ['ps', '--filter', `label=io.x-k8s.kind.cluster=${cluster}`, '--format', '{{.Names}}']);
  const names = stdout
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  const nodes: NodeAddr[] = [];
  for (const name of names) {
    const { stdout: ip } = await runCommand('docker', ['inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}', name]);
    nodes.push({ name, ip: ip.trim().split(/\s+/)[0] ?? '' });
  }
  return orderNodes(nodes);
}

/** Writes each node's ptp conflist and the routes between the nodes' pod subnets. */
export async function installCni(cluster: string, podSubnet: string, log: Log): Promise<NodeAddr[]> {
  const template = await readFile(join(IMAGES_DIR, 'cni', '10-zerodrop.conflist.tmpl'), 'utf8');
  const nodes = await clusterNodes(cluster);
  for (const [i, node] of nodes.entries()) {
    const mtu = Number((await runCommand('docker', ['exec', node.name, 'cat', '/sys/class/net/eth0/mtu'])).stdout.trim()) || 1500;
    const subnet = nodeSubnet(podSubnet, i);
    await runCommand('docker', ['exec', '-i', node.name, 'cp', '/dev/stdin', CONFLIST_PATH], {
      input: renderConflist(template, subnet, mtu),
    });
    log(`${node.name}: pods in ${subnet}`);
  }
  for (const r of routePlan(nodes, podSubnet)) {
    await runCommand('docker', ['exec', r.node, 'ip', 'route', 'replace', r.dst, 'via', r.via]);
  }
  return nodes;
}
