import type { PodInfo } from '../cluster/index.ts';
import { ZerodropError } from '../errors/index.ts';
import { sleep } from '../util/index.ts';
import type { Disruption, DisruptionContext, DisruptionResult } from './disruption.ts';

/** kubectl retries a refused eviction about every 5 s. */
export const EVICTION_RETRY_MS = 5000;

/** The node running most of the workload's pods (ties: first by name). */
export function pickNodeToDrain(pods: PodInfo[]): string | undefined {
  const counts = new Map<string, number>();
  for (const p of pods) if (!p.terminating) counts.set(p.node, (counts.get(p.node) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

/**
 * Evict one pod as kubectl drain does: a PodDisruptionBudget's 429 is a budget wait (retried every
 * `retryMs`, recorded as evict-blocked); API throttling's 429 is retried after its Retry-After and is
 * not a budget wait; a pod already gone (404) counts as evicted.
 */
export async function evictWithRetry(ctx: DisruptionContext, pod: string, retryMs: number): Promise<void> {
  const start = Date.now();
  for (;;) {
    const res = await ctx.workload.evict(pod);
    if (res.ok) {
      ctx.timeline.emit({ kind: 'evicted', pod, ...(res.gone ? { detail: 'already gone (404)' } : {}) });
      return;
    }
    if (!res.throttled) ctx.timeline.emit({ kind: 'evict-blocked', pod, detail: `429 ${res.reason}` });
    if (Date.now() - start > ctx.timeoutMs) {
      throw new ZerodropError(`drain: eviction of ${pod} still refused after ${ctx.timeoutMs} ms: ${res.reason}`);
    }
    await sleep(res.throttled ? res.throttled.retryAfterMs : retryMs, ctx.signal);
  }
}

export function nodeDrain(retryMs = EVICTION_RETRY_MS): Disruption {
  return {
    kind: 'drain',
    async run(ctx): Promise<DisruptionResult> {
      const pods = await ctx.workload.pods();
      // Only a node the workload may cordon (kubeconfig: labelled drainable) that hosts its pods.
      const allowed = new Set(await ctx.workload.nodes());
      const node = pickNodeToDrain(pods.filter((p) => allowed.has(p.node)));
      if (!node) {
        throw new ZerodropError(
          pods.length ? 'drain: no node the run may cordon hosts a pod of the workload' : 'drain: the workload has no running pod',
        );
      }
      const victims = pods.filter((p) => p.node === node && !p.terminating).map((p) => p.name);
      await ctx.workload.cordon(node, true);
      ctx.timeline.emit({ kind: 'node-cordoned', node });
      try {
        for (const pod of victims) await evictWithRetry(ctx, pod, retryMs);
        await ctx.workload.waitSettled(ctx.timeoutMs, ctx.signal);
      } finally {
        await ctx.workload.cordon(node, false);
        ctx.timeline.emit({ kind: 'node-uncordoned', node });
      }
      return { affectedPods: victims };
    },
  };
}
