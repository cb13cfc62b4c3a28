import { createServer, type Server } from 'node:net';
import type { V1Node } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseKindTarget, controlPlaneAddress } from '../../../src/cluster/providers/kind/node-target.ts';
import { probeReach, type Reach } from '../../../src/util/tcp-probe.ts';

const node = (name: string, cp: boolean, addresses: [string, string][]): V1Node => ({
  metadata: { name, labels: cp ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
  status: { addresses: addresses.map(([type, address]) => ({ type, address })) },
});
const nodes = [
  node('zerodrop-worker', false, [
    ['InternalIP', '172.18.0.2'],
    ['Hostname', 'zerodrop-worker'],
  ]),
  node('zerodrop-control-plane', true, [
    ['InternalIP', 'fc00:f853::3'],
    ['InternalIP', '172.18.0.3'],
    ['Hostname', 'zerodrop-control-plane'],
  ]),
  node('zerodrop-worker2', false, [['InternalIP', '172.18.0.4']]),
];
const mapping = { nodePort: 30080, host: '127.0.0.1', hostPort: 30080 };
const answering = (r: Reach) => async () => r;

describe('kind target address', () => {
  it('is the control-plane node (never drained), its IPv4 InternalIP first', () => {
    expect(controlPlaneAddress(nodes)).toEqual({ node: 'zerodrop-control-plane', address: '172.18.0.3' });
    expect(controlPlaneAddress(nodes.filter((n) => n.metadata!.name !== 'zerodrop-control-plane'))).toBeUndefined();
  });

  it('goes to NodePort on the node address when the host reaches it (connected or refused)', async () => {
    for (const outcome of ['connected', 'refused'] as const) {
      const t = await chooseKindTarget({ nodes, mapping, probe: answering({ ok: true, outcome }) });
      expect(t).toMatchObject({ host: '172.18.0.3', port: 30080, via: 'node-address' });
      expect(t.note).toMatch(/InternalIP 172\.18\.0\.3 .*without a userland proxy/);
    }
  });

  it('falls back to the port mapping, saying refused connections then show as resets', async () => {
    const t = await chooseKindTarget({ nodes, mapping, probe: answering({ ok: false, outcome: 'no answer within 2000 ms' }) });
    expect(t).toMatchObject({ host: '127.0.0.1', port: 30080, via: 'port-mapping' });
    expect(t.note).toMatch(/172\.18\.0\.3:30080 is not reachable from this host \(no answer within 2000 ms\)/);
    expect(t.note).toMatch(/refused connections show as resets/);
    const none = await chooseKindTarget({ nodes: [], mapping, probe: answering({ ok: true, outcome: 'connected' }) });
    expect(none.via).toBe('port-mapping');
    expect(none.note).toMatch(/^no control-plane node with an InternalIP/);
  });

  it('uses --target as given, without probing', async () => {
    const probe = async (): Promise<Reach> => {
      throw new Error('must not probe');
    };
    const t = await chooseKindTarget({ nodes, mapping, target: '[::1]:31000', probe });
    expect(t).toMatchObject({ host: '::1', port: 31000, via: 'target-flag' });
    await expect(chooseKindTarget({ nodes, mapping, target: 'nope' })).rejects.toThrow(/is not host:port/);
  });
});

describe('probeReach (real sockets)', () => {
  let server: Server;
  let open = 0;
  let closed = 0;
  beforeAll(async () => {
    server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    open = (server.address() as { port: number }).port;
    const gone = createServer();
    await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
    closed = (gone.address() as { port: number }).port;
    await new Promise((r) => gone.close(r));
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('a listener is connected, a closed port is refused: both reachable', async () => {
    expect(await probeReach('127.0.0.1', open)).toEqual({ ok: true, outcome: 'connected' });
    expect(await probeReach('127.0.0.1', closed)).toEqual({ ok: true, outcome: 'refused' });
  });

  it('any other error is not reachable and names its code', async () => {
    expect(await probeReach('zerodrop-no-such-host.invalid', 30080, 1000)).toEqual({ ok: false, outcome: 'ENOTFOUND' });
  });
});
