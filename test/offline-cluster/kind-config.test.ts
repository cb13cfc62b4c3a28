import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { readClusterSpec } from '../../src/offline-cluster/cluster-lifecycle.ts';
import { DEFAULT_KIND_CONFIG, kindConfigObject, renderKindConfig } from '../../src/offline-cluster/kind-config.ts';
import { REPO_ROOT } from '../../src/offline-cluster/paths.ts';

type Cfg = {
  nodes: { role: string; extraPortMappings?: { containerPort: number; hostPort: number }[] }[];
  networking: { disableDefaultCNI: boolean; podSubnet: string };
  kubeadmConfigPatches: string[];
};

describe('kind config', () => {
  it('the committed kind-config.yaml is what renderKindConfig() produces', async () => {
    const committed = await readFile(join(REPO_ROOT, 'kind-config.yaml'), 'utf8');
    expect(committed).toBe(renderKindConfig());
  });

  it('has one control-plane with the NodePort on the host and two workers', () => {
    const cfg = parse(renderKindConfig()) as Cfg;
    expect(cfg.nodes.map((n) => n.role)).toEqual(['control-plane', 'worker', 'worker']);
    expect(cfg.nodes[0]!.extraPortMappings).toEqual([
      { containerPort: 30080, hostPort: 30080, listenAddress: '127.0.0.1', protocol: 'TCP' },
    ]);
    expect(cfg.networking.disableDefaultCNI).toBe(true);
  });

  it('patches kubelet for cgroup v1 and skips preflight and CoreDNS at init', () => {
    const cfg = kindConfigObject() as unknown as Cfg;
    const patches = cfg.kubeadmConfigPatches.map((p) => parseAllDocuments(p)[0]!.toJSON() as Record<string, unknown>);
    expect(patches).toContainEqual({ kind: 'KubeletConfiguration', failCgroupV1: false });
    expect(patches).toContainEqual({ kind: 'InitConfiguration', skipPhases: ['preflight', 'addon/coredns'] });
  });

  it('renders other worker counts and ports', () => {
    const cfg = parse(renderKindConfig({ ...DEFAULT_KIND_CONFIG, workers: 4, nodePort: 31000, hostPort: 8081 })) as Cfg;
    expect(cfg.nodes.filter((n) => n.role === 'worker')).toHaveLength(4);
    expect(cfg.nodes[0]!.extraPortMappings![0]).toMatchObject({ containerPort: 31000, hostPort: 8081 });
  });

  it('cluster up reads name and pod subnet from it', async () => {
    expect(await readClusterSpec()).toMatchObject({ name: 'zerodrop', podSubnet: '10.244.0.0/16' });
  });
});
