import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { LoopbackAllocator } from '../../../src/cluster/providers/local/network/pod-address.ts';

describe('LoopbackAllocator', () => {
  it('gives each allocator its own random /16 of 127/8 and never reuses an address', async () => {
    const a = new LoopbackAllocator();
    const b = new LoopbackAllocator();
    try {
      expect(a.prefix).not.toBe(b.prefix);
      const ips = [await a.allocate([]), await a.allocate([]), await b.allocate([])];
      expect(new Set(ips).size).toBe(3);
      expect(ips[0]!.startsWith(`127.${a.prefix}.`)).toBe(true);
      expect(ips[2]!.startsWith(`127.${b.prefix}.`)).toBe(true);
    } finally {
      a.release();
      b.release();
    }
  });

  it('skips an address whose port is already bound (EADDRINUSE)', async () => {
    const probe = new LoopbackAllocator();
    probe.release();
    // Occupy the first address a fresh allocator on the same /16 would hand out.
    const squatter = net.createServer();
    const first = `127.${probe.prefix}.0.1`;
    await new Promise<void>((r) => squatter.listen(0, first, r));
    const port = (squatter.address() as net.AddressInfo).port;
    const alloc = new LoopbackAllocator({ prefix: probe.prefix });
    try {
      const ip = await alloc.allocate([port]);
      expect(ip).not.toBe(first);
      expect(ip).toBe(`127.${probe.prefix}.0.2`);
      // The address it gave really is free on that port.
      const srv = net.createServer();
      await new Promise<void>((r) => srv.listen(port, ip, r));
      await new Promise((r) => srv.close(r));
    } finally {
      alloc.release();
      await new Promise((r) => squatter.close(r));
    }
  });
});
