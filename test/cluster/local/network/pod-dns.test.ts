import { createSocket, type Socket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostNameservers, PodDns } from '../../../../src/cluster/providers/local/network/pod-dns.ts';

/**
 * The pods' resolver, asked by Node's own DNS client (c-ares) over real UDP sockets. Names outside the
 * cluster go to a fake upstream written here, which answers every A query with 192.0.2.77.
 */
describe('PodDns, the embedded runtime cluster DNS', () => {
  let dns: PodDns;
  let upstream: Socket;
  const asked: string[] = [];
  const resolver = new Resolver({ timeout: 2000, tries: 1 });

  beforeAll(async () => {
    upstream = createSocket('udp4');
    upstream.on('message', (msg, from) => {
      // Header, then the question: labels up to a zero byte, type, class.
      let at = 12;
      const labels: string[] = [];
      while (msg[at]! > 0) {
        labels.push(msg.toString('latin1', at + 1, at + 1 + msg[at]!));
        at += 1 + msg[at]!;
      }
      asked.push(labels.join('.'));
      const question = msg.subarray(12, at + 5);
      const head = Buffer.from([msg[0]!, msg[1]!, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]);
      const rr = Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 77]);
      upstream.send(Buffer.concat([head, question, rr]), from.port, from.address);
    });
    await new Promise<void>((r) => upstream.bind(0, '127.0.0.1', r));
    dns = await PodDns.start({
      prefix: 200,
      address: '127.0.0.1',
      port: 0,
      upstreams: [{ address: '127.0.0.1', port: upstream.address().port }],
    });
    resolver.setServers([`127.0.0.1:${dns.port}`]);
    dns.addPod('10.200.0.5', 'shop');
    dns.addService('web', 'shop', '10.200.255.1');
  });
  afterAll(() => {
    dns.close();
    upstream.close();
  });

  it('answers a pod name with its address and the address with the name', async () => {
    expect(await resolver.resolve4('10-200-0-5.shop.pod.cluster.local')).toEqual(['10.200.0.5']);
    expect(await resolver.reverse('10.200.0.5')).toEqual(['10-200-0-5.shop.pod.cluster.local']);
  });

  it('answers a registered Service name', async () => {
    expect(await resolver.resolve4('web.shop.svc.cluster.local')).toEqual(['10.200.255.1']);
  });

  it('says NXDOMAIN at once for unknown cluster names and pod-range addresses, without asking upstream', async () => {
    const before = asked.length;
    for (const q of [
      resolver.resolve4('nope.shop.svc.cluster.local'),
      resolver.resolve4('10-200-0-5.other.pod.cluster.local'),
      resolver.reverse('10.200.0.9'),
    ]) {
      await expect(q).rejects.toMatchObject({ code: 'ENOTFOUND' });
    }
    expect(asked.length).toBe(before);
  });

  it('answers AAAA for a pod name with no records (NODATA), not NXDOMAIN', async () => {
    await expect(resolver.resolve6('10-200-0-5.shop.pod.cluster.local')).rejects.toMatchObject({ code: 'ENODATA' });
  });

  it('forwards every other name upstream and relays the answer', async () => {
    expect(await resolver.resolve4('example.org')).toEqual(['192.0.2.77']);
    expect(await resolver.resolve4('Mixed.Case.test')).toEqual(['192.0.2.77']);
    expect(asked).toContain('example.org');
    expect(asked.map((n) => n.toLowerCase())).toContain('mixed.case.test');
  });

  it('reads the nameservers of a resolv.conf (IPv4 only)', () => {
    expect(hostNameservers('search x\nnameserver 10.0.0.2\nnameserver fd00::1\n  nameserver 127.0.0.53\n')).toEqual([
      '10.0.0.2',
      '127.0.0.53',
    ]);
  });
});
