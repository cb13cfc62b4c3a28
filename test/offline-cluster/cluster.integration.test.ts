/**
 * Runs against a kind cluster made by `zerodrop cluster up` when one is running; creating one takes
 * minutes, so this file never creates it. Skips with the reason when Docker or the cluster is absent.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterExists, clusterStatus, readClusterSpec } from '../../src/offline-cluster/cluster-lifecycle.ts';
import { CONFLIST_PATH, clusterNodes } from '../../src/offline-cluster/cni-install.ts';
import { dockerAnswers } from '../../src/offline-cluster/docker-setup.ts';
import { KIND_SPEC } from '../../src/offline-cluster/go-build.ts';
import { expectedKubeadmImages } from '../../src/offline-cluster/image-plan.ts';
import { outBin, VERSIONS } from '../../src/offline-cluster/paths.ts';
import { runCommand } from '../../src/util/run-command.ts';

const spec = await readClusterSpec();
let reason = '';
if (!(await dockerAnswers())) reason = 'no Docker daemon answers';
else if (!existsSync(`${outBin(KIND_SPEC.name)}/kind`)) reason = 'kind is not built (zerodrop cluster image --offline)';
else if (!(await clusterExists(spec.name))) reason = `no kind cluster "${spec.name}" is running (zerodrop cluster up)`;

describe.skipIf(reason !== '')(`kind cluster ${spec.name}${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it('has one control-plane and two workers, all Ready, running the built Kubernetes', async () => {
    const st = await clusterStatus();
    expect(st.running).toBe(true);
    expect(st.nodes).toHaveLength(3);
    expect(st.nodes.every((n) => n.ready)).toBe(true);
    expect(st.nodes.filter((n) => n.roles.includes('control-plane'))).toHaveLength(1);
    expect(new Set(st.nodes.map((n) => n.version))).toEqual(new Set([VERSIONS.kubernetes]));
  }, 30_000);

  it('nodes hold the component images under kubeadm tags and the zerodrop conflist', async () => {
    const nodes = await clusterNodes(spec.name);
    expect(nodes).toHaveLength(3);
    const { stdout } = await runCommand('docker', ['exec', nodes[0]!.name, 'ctr', '--namespace=k8s.io', 'images', 'ls', '-q']);
    const present = new Set(stdout.split('\n'));
    for (const tag of expectedKubeadmImages(VERSIONS.kubernetes, '3.6.5-0', VERSIONS.pause, 'v1.12.1')) {
      if (!tag.includes('coredns')) expect(present.has(tag), tag).toBe(true);
    }
    for (const n of nodes) {
      const conf = await runCommand('docker', ['exec', n.name, 'cat', CONFLIST_PATH]);
      expect(JSON.parse(conf.stdout).name).toBe('zerodrop');
    }
  }, 30_000);
});
