import type { Command } from 'commander';
import { ZerodropError } from '../errors/index.ts';
import { LOAD_FROM, type LoadFrom } from '../load/index.ts';
import { choiceFlag, intFlag, textFlag } from './parse-flags.ts';

/** Most load pods one run may ask for. */
export const MAX_LOAD_PODS = 64;

export interface LoadFromFlagValues {
  provider?: string;
  dryRun?: boolean;
  loadFrom?: LoadFrom;
  loadPods?: number;
  loadImage?: string;
  loadHostNetwork?: boolean;
}

/** `run` flags choosing where the load comes from (issue 11: load from inside the cluster). */
export function addLoadFromFlags(cmd: Command): Command {
  return cmd
    .option(
      '--load-from <where>',
      'host (this machine, through the NodePort) | cluster (load pods inside the cluster, one per node)',
      choiceFlag('--load-from', LOAD_FROM),
    )
    .option(
      '--load-pods <n>',
      'with --load-from cluster: load pods, each sending its share of --rate (default one per node)',
      intFlag('--load-pods', 1, MAX_LOAD_PODS),
    )
    .option(
      '--load-image <image>',
      "with --load-from cluster: zerodrop's own image, run as the load agent (kind builds it; kubeconfig needs it pushed to your registry)",
      textFlag('--load-image'),
    )
    .option(
      '--load-host-network',
      "with --load-from cluster: send from each node's host network to that node's NodePort, not from the pod network to the ClusterIP",
    );
}

/** Combinations commander cannot check: one ZerodropError naming the flag. */
export function checkLoadFromFlags(f: LoadFromFlagValues): void {
  const provider = f.provider ?? 'local';
  const cluster = f.loadFrom === 'cluster';
  if (cluster && provider === 'local') {
    throw new ZerodropError('needs a Kubernetes cluster to run load pods in, not the embedded runtime (--provider local)', {
      field: '--load-from',
      hint: 'add --provider kind or --provider kubeconfig',
    });
  }
  for (const [flag, value] of [
    ['--load-pods', f.loadPods],
    ['--load-image', f.loadImage],
    ['--load-host-network', f.loadHostNetwork],
  ] as const) {
    if (value !== undefined && !cluster)
      throw new ZerodropError('applies to load from inside the cluster only', { field: flag, hint: 'add --load-from cluster' });
  }
  if (f.loadImage !== undefined && /\s/.test(f.loadImage))
    throw new ZerodropError(`must not contain spaces, got ${JSON.stringify(f.loadImage)}`, { field: '--load-image' });
  if (cluster && provider === 'kubeconfig' && f.loadImage === undefined && !f.dryRun) {
    throw new ZerodropError('is needed with --provider kubeconfig --load-from cluster: that provider builds no image', {
      field: '--load-image',
      hint: "build zerodrop's image (zerodrop image build), push it to a registry your cluster pulls from and pass --load-image IMAGE",
    });
  }
}
