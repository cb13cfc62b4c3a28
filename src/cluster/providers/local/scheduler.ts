import { ZerodropError } from '../../../errors/index.ts';

export const MAX_NODES = 3;

/**
 * The emulated nodes (`node-1`..`node-N`, N in 1..3) and a scheduler that spreads pods over the
 * schedulable ones: each new pod goes to the uncordoned node running the fewest pods
 * (ties: lowest node number). A cordoned node never receives a new pod.
 */
export class NodeScheduler {
  private readonly names: string[];
  private readonly cordoned = new Set<string>();
  private readonly colocate: boolean;

  /** `colocate`: a workload's pods go to the schedulable node already running most of them (soft pod affinity). */
  constructor(count: number, opts: { colocate?: boolean } = {}) {
    this.colocate = opts.colocate ?? false;
    if (!Number.isInteger(count) || count < 1 || count > MAX_NODES) {
      throw new ZerodropError(`the embedded runtime emulates 1 to ${MAX_NODES} nodes, not ${count}`, { field: '--nodes' });
    }
    this.names = Array.from({ length: count }, (_, i) => `node-${i + 1}`);
  }

  nodes(): string[] {
    return [...this.names];
  }

  /** Sets spec.unschedulable, as `kubectl cordon` / `uncordon` do. */
  cordon(node: string, unschedulable: boolean): void {
    if (!this.names.includes(node)) {
      throw new ZerodropError(`unknown node "${node}"`, { hint: `nodes are ${this.names.join(', ')}` });
    }
    if (unschedulable) this.cordoned.add(node);
    else this.cordoned.delete(node);
  }

  isCordoned(node: string): boolean {
    return this.cordoned.has(node);
  }

  /**
   * Picks a node for a new pod, or undefined when every node is cordoned (the pod stays Pending).
   * `load` counts the non-terminating pods of the same workload already bound to each node. Spread:
   * the least loaded node; colocate: the most loaded one (ties: lowest node number either way).
   */
  pick(load: ReadonlyMap<string, number>): string | undefined {
    let best: string | undefined;
    let bestLoad = Infinity;
    for (const n of this.names) {
      if (this.cordoned.has(n)) continue;
      const l = load.get(n) ?? 0;
      if (best === undefined || (this.colocate ? l > bestLoad : l < bestLoad)) {
        best = n;
        bestLoad = l;
      }
    }
    return best;
  }
}
