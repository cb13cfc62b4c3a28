import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeSubnet, orderNodes, renderConflist, routePlan } from '../../src/offline-cluster/cni-plan.ts';
import { IMAGES_DIR } from '../../src/offline-cluster/paths.ts';

describe('CNI plan', () => {
  it('splits the pod subnet into per-node /24s', () => {
    expect(nodeSubnet('10.244.0.0/16', 0)).toBe('10.244.0.0/24');
    expect(nodeSubnet('10.244.0.0/16', 2)).toBe('10.244.2.0/24');
    expect(nodeSubnet('10.244.7.9/16', 1)).toBe('10.244.1.0/24');
    expect(nodeSubnet('10.0.0.0/8', 300)).toBe('10.1.44.0/24');
    expect(() => nodeSubnet('10.244.0.0/23', 2)).toThrow(/does not fit/);
    expect(() => nodeSubnet('10.244.0.0/24', 0)).toThrow(/must be/);
  });

  it('orders the control-plane first, then workers by name', () => {
    const names = orderNodes([{ name: 'z-worker2' }, { name: 'z-worker' }, { name: 'z-control-plane' }]).map((n) => n.name);
    expect(names).toEqual(['z-control-plane', 'z-worker', 'z-worker2']);
  });

  it('routes every node to every other node pod subnet via that node', () => {
    const nodes = [
      { name: 'z-worker', ip: '172.18.0.3' },
      { name: 'z-control-plane', ip: '172.18.0.2' },
      { name: 'z-worker2', ip: '172.18.0.4' },
    ];
    const routes = routePlan(nodes, '10.244.0.0/16');
    expect(routes).toHaveLength(6);
    expect(routes).toContainEqual({ node: 'z-control-plane', dst: '10.244.1.0/24', via: '172.18.0.3' });
    expect(routes).toContainEqual({ node: 'z-worker2', dst: '10.244.0.0/24', via: '172.18.0.2' });
    expect(
      routes
        .filter((r) => r.node === 'z-worker')
        .map((r) => r.dst)
        .sort(),
    ).toEqual(['10.244.0.0/24', '10.244.2.0/24']);
  });

  it('renders the committed conflist template into valid JSON for a node', async () => {
    const tmpl = await readFile(join(IMAGES_DIR, 'cni/10-zerodrop.conflist.tmpl'), 'utf8');
    const conf = JSON.parse(renderConflist(tmpl, '10.244.1.0/24', 1450)) as {
      plugins: { type: string; mtu?: number; ipam?: { ranges: { subnet: string }[][] } }[];
    };
    expect(conf.plugins[0]!.type).toBe('ptp');
    expect(conf.plugins[0]!.mtu).toBe(1450);
    expect(conf.plugins[0]!.ipam!.ranges[0]![0]!.subnet).toBe('10.244.1.0/24');
    expect(() => renderConflist('{"x": {{MTU}', '10.0.0.0/24', 1)).toThrow();
  });
});
