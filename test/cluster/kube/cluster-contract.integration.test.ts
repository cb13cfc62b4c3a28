/**
 * The shared ClusterProvider contract against the real kind cluster of `zerodrop cluster up`,
 * through the kind provider and through the kubeconfig provider (kind context). Skips with the
 * reason when no cluster is reachable. Both run in this one file so they never overlap.
 */
import { afterAll } from 'vitest';
import { KindProvider } from '../../../src/cluster/providers/kind/kind-provider.ts';
import { KubeconfigProvider } from '../../../src/cluster/providers/kubeconfig/kubeconfig-provider.ts';
import { providerContract } from '../contract/provider-contract.ts';
import { labelDrainable, type ReachableCluster, reachableKindCluster } from './cluster-probe.ts';

let probed: Promise<ReachableCluster | string> | undefined;
const cluster = () => (probed ??= reachableKindCluster());
const skip = async () => {
  const c = await cluster();
  return typeof c === 'string' ? `no reachable cluster: ${c}` : undefined;
};
const must = async () => (await cluster()) as ReachableCluster;
const run = `t${Date.now().toString(36)}`;
let kubeconfigPath = '';
let contextName = '';

providerContract('kind', () => new KindProvider({ create: false, run: `${run}a` }), { skip, timeoutMs: 120_000 });

// The kubeconfig provider builds nothing: it runs after the kind suite has built and loaded the
// image, and needs its drain guard's label on the nodes. It doubles the file's time (about 90 s
// more), and the local control-plane test covers this provider already, so it runs on request.
const full = process.env.ZERODROP_KIND_E2E === '1';
providerContract(
  'kubeconfig (kind context)',
  () => new KubeconfigProvider({ run: `${run}b`, context: contextName, kubeconfig: kubeconfigPath }),
  {
    skip: async () => {
      if (!full) return 'set ZERODROP_KIND_E2E=1 to run the kubeconfig provider on kind too (about 90 s)';
      const why = await skip();
      if (why) return why;
      const c = await must();
      kubeconfigPath = c.kubeconfig;
      contextName = c.context;
      await labelDrainable(c.kubeconfig, c.context, true);
      return undefined;
    },
    timeoutMs: 120_000,
  },
);

afterAll(async () => {
  const c = await cluster();
  if (typeof c !== 'string') await labelDrainable(c.kubeconfig, c.context, false).catch(() => undefined);
});
