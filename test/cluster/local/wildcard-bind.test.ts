import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { LoopbackAllocator } from '../../../src/cluster/providers/local/network/pod-address.ts';
import { listensOn, wildcardListener } from '../../../src/cluster/providers/local/wildcard-bind.ts';

function listen(host: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen({ host, port: 0, exclusive: true }, () => resolve(srv));
  });
}

describe('pods sharing the host network with an app that binds 0.0.0.0', () => {
  it('finds wildcard and per-address listeners in /proc/net/tcp', async () => {
    const any = await listen('0.0.0.0');
    const one = await listen('127.3.4.5');
    try {
      const anyPort = (any.address() as net.AddressInfo).port;
      const onePort = (one.address() as net.AddressInfo).port;
      expect(wildcardListener([1, anyPort])).toEqual({ host: '0.0.0.0', port: anyPort });
      expect(wildcardListener([onePort])).toBeUndefined();
      expect(listensOn('127.3.4.5', [onePort])).toBe(true);
      expect(listensOn('127.3.4.6', [onePort])).toBe(false);
    } finally {
      any.close();
      one.close();
    }
  });

  it('the loopback allocator names the cause and the fix instead of "no free loopback address"', async () => {
    const any = await listen('0.0.0.0');
    try {
      const port = (any.address() as net.AddressInfo).port;
      const alloc = new LoopbackAllocator();
      await expect(alloc.allocate([port])).rejects.toThrow(
        `app binds 0.0.0.0:${port} and shares the host network here: run as root for a network namespace per pod, or bind status.podIP`,
      );
      alloc.release();
    } finally {
      any.close();
    }
  });
});
