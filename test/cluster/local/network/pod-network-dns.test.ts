import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netnsPathOf, PodNetwork, podEtc } from '../../../../src/cluster/providers/local/network/pod-network.ts';
import { inNetns } from '../../../../src/cluster/providers/local/pod/netns-exec.ts';

const root = process.getuid?.() === 0;

/** Runs python3 inside the pod's network namespace with its resolv.conf and hosts; returns stdout lines. */
function inPod(ip: string, etc: string | undefined, script: string): Promise<string[]> {
  const [cmd, ...args] = inNetns(netnsPathOf(ip), ['python3', '-c', script], etc);
  return new Promise((resolve, reject) =>
    execFile(cmd!, args, { timeout: 20_000 }, (err, out, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(out.trim().split('\n')),
    ),
  );
}

describe.skipIf(!root)('cluster DNS in a pod network namespace (root)', () => {
  let net: PodNetwork;
  let a: string;
  let b: string;
  let etc: string | undefined;

  beforeAll(async () => {
    net = await PodNetwork.create({ masquerade: false });
    a = await net.allocate([]);
    b = await net.allocate([]);
    const dir = await mkdtemp(join(tmpdir(), 'zd-etc-'));
    etc = await podEtc({ name: 'web-abc', namespace: 'shop', ip: a }, join(dir, 'a'));
    await podEtc({ name: 'web-def', namespace: 'shop', ip: b }, join(dir, 'b'));
  }, 30_000);
  afterAll(async () => {
    await net?.release();
  });

  it('writes the pod its resolv.conf (cluster DNS, search list, ndots:5) and a hosts file naming it', async () => {
    expect(etc).toBeDefined();
    expect(await readFile(join(etc!, 'resolv.conf'), 'utf8')).toBe(
      `search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${net.gateway}\noptions ndots:5\n`,
    );
    expect(await readFile(join(etc!, 'hosts'), 'utf8')).toContain(`${a}\tweb-abc\n`);
  });

  it("resolves the pod's own name from hosts and other pods through the resolver, as getfqdn does at start-up", async () => {
    const out = await inPod(
      a,
      etc,
      `import socket
print(open('/etc/resolv.conf').read().split('\\n')[1])
print(socket.getfqdn('${a}'))
print(socket.gethostbyaddr('${b}')[0])
print(socket.gethostbyname('${b.replaceAll('.', '-')}.shop.pod.cluster.local'))
try:
    socket.gethostbyname('nothing-here')
    print('found')
except socket.gaierror as e:
    print('gaierror')
`,
    );
    expect(out).toEqual([`nameserver ${net.gateway}`, 'web-abc', `${b.replaceAll('.', '-')}.shop.pod.cluster.local`, b, 'gaierror']);
  }, 30_000);

  it("leaves the host's own files alone", async () => {
    expect(await readFile('/etc/resolv.conf', 'utf8')).not.toContain(net.gateway);
    expect(await readFile('/etc/hosts', 'utf8')).not.toContain('web-abc');
  });
});
