import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClusterProvider, EvictionResult, PodInfo, Workload } from '../../src/cluster/provider.ts';
import { sleep } from '../../src/util/wait-for.ts';

export interface FakeScript {
  /** waitSettled during the disruption (the second call) takes this long (it honours the signal). */
  disruptionSettleMs?: number;
  /** The first waitSettled (after deploy) rejects with this. */
  settleError?: Error;
}

/**
 * An in-memory ClusterProvider: each deploy starts a real tiny HTTP server as the Service (so the
 * run's load and serving checks are real), pods are records, and every call is logged in order.
 */
export function fakeProvider(script: FakeScript = {}) {
  const calls: string[] = [];
  const servers = new Set<http.Server>();
  const provider: ClusterProvider = {
    name: 'local',
    emulated: true,
    async up() {
      calls.push('up');
    },
    notes: () => ['fake provider'],
    async deploy(scenario) {
      calls.push(`deploy ${scenario.name}`);
      const server = http.createServer((_q, res) => res.setHeader('x-zerodrop-pod', 'p1').end('ok'));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      servers.add(server);
      let settles = 0;
      const pods: PodInfo[] = [{ name: 'p1', node: 'n1', ready: true, terminating: false, revision: 'a' }];
      const workload: Workload = {
        target: { host: '127.0.0.1', port: (server.address() as AddressInfo).port },
        pods: async () => pods,
        nodes: async () => ['n1'],
        restart: async () => {
          calls.push('restart');
        },
        async waitRolloutComplete(_ms, signal) {
          calls.push('wait rollout');
          signal?.throwIfAborted();
        },
        async waitSettled(_ms, signal) {
          settles++;
          calls.push(`wait settled #${settles}`);
          if (settles === 1 && script.settleError) throw script.settleError;
          if (settles === 2 && script.disruptionSettleMs) await sleep(script.disruptionSettleMs, signal);
        },
        deletePod: async (n) => {
          calls.push(`delete ${n}`);
        },
        desiredReplicas: async () => pods.length,
        scale: async (n) => {
          calls.push(`scale ${n}`);
        },
        cordon: async () => undefined,
        evict: async (): Promise<EvictionResult> => ({ ok: true }),
        async remove() {
          calls.push(`remove ${scenario.name}`);
          servers.delete(server);
          server.closeAllConnections();
          await new Promise((r) => server.close(r));
        },
      };
      return workload;
    },
    async down() {
      calls.push('down');
    },
  };
  return { provider, calls, openServers: () => servers.size };
}
