import type { ProgressEvent } from '../../src/run/progress.ts';
import type { TimelineEvent } from '../../src/timeline/types.ts';

/**
 * The progress events of one made-up rollout whose baseline starts at `t0`: two old pods
 * replaced by two new ones; the first old pod ends by SIGKILL at t0 + 11 s when `lossy` (its
 * keep-alive requests reset in that second, new connections refused in the next), by exit 0
 * otherwise. Each second brings 50 answers per stream and a tick; events come in time order.
 */
export function rolloutEvents(scenario: string, t0: number, lossy: boolean): ProgressEvent[] {
  const pod = (p: string) => `${scenario}-${p}`;
  const [oldA, oldB, newA, newB] = [pod('0ld0ld0ld-aaaaa'), pod('0ld0ld0ld-bbbbb'), pod('n3wn3wn3w-ccccc'), pod('n3wn3wn3w-ddddd')];
  const at = (s: number, kind: TimelineEvent['kind'], p?: string, detail?: string): TimelineEvent => ({
    t: t0 + s * 1000,
    kind,
    ...(p ? { pod: p } : {}),
    ...(detail ? { detail } : {}),
  });
  const timeline: TimelineEvent[] = [
    at(-7, 'pod-created', oldA),
    at(-7, 'pod-created', oldB),
    at(-2, 'pod-ready', oldA),
    at(-2, 'pod-ready', oldB),
    at(-1, 'endpoint-added', oldA),
    at(-1, 'endpoint-added', oldB),
    at(0, 'phase', undefined, 'baseline'),
    at(3, 'phase', undefined, 'disruption'),
    at(3, 'pod-created', newA),
    at(6, 'pod-ready', newA),
    at(6, 'pod-deleted', oldA),
    at(6, 'prestop-start', oldA),
    at(7, 'endpoint-added', newA),
    at(7, 'endpoint-removed', oldA),
    at(9, 'prestop-end', oldA, 'ok'),
    at(9, 'sigterm', oldA, 'SIGTERM'),
    ...(lossy ? [at(11, 'sigkill', oldA), at(11, 'exit', oldA, '137')] : [at(9.5, 'exit', oldA, '0')]),
    at(9, 'pod-created', newB),
    at(13, 'pod-ready', newB),
    at(13, 'pod-deleted', oldB),
    at(14, 'endpoint-added', newB),
    at(14, 'endpoint-removed', oldB),
    at(15, 'exit', oldB, '0'),
    at(15, 'phase', undefined, 'recovery'),
    at(18, 'phase', undefined, 'end'),
  ];
  const out: ProgressEvent[] = [{ type: 'phase', scenario, iteration: 1, phase: 'deploy', at: t0 - 7000 }];
  const phaseAt: Array<[number, 'baseline' | 'disruption' | 'recovery']> = [
    [0, 'baseline'],
    [3, 'disruption'],
    [15, 'recovery'],
  ];
  let requests = 0;
  let failures = 0;
  for (let s = -7; s <= 18; s++) {
    for (const e of timeline.filter((x) => x.t >= t0 + s * 1000 && x.t < t0 + (s + 1) * 1000))
      out.push({ type: 'timeline', scenario, iteration: 1, event: e });
    const started = phaseAt.find(([p]) => p === s);
    if (started) out.push({ type: 'phase', scenario, iteration: 1, phase: started[1], at: t0 + s * 1000 });
    if (s < 0 || s === 18) continue;
    const phase = [...phaseAt].reverse().find(([p]) => p <= s)![1];
    const reset = lossy && s === 11 ? 4 : 0;
    const refused = lossy && s === 12 ? 3 : 0;
    const t = t0 + s * 1000;
    out.push({
      type: 'outcomes',
      scenario,
      iteration: 1,
      stream: 'keep-alive',
      phase,
      t,
      counts: { ok: 50 - reset, ...(reset ? { reset } : {}) },
    });
    out.push({
      type: 'outcomes',
      scenario,
      iteration: 1,
      stream: 'new-connection',
      phase,
      t,
      counts: { ok: 50 - refused, ...(refused ? { refused } : {}) },
    });
    requests += 100;
    failures += reset + refused;
    out.push({ type: 'tick', scenario, iteration: 1, requests, failures });
  }
  out.push({ type: 'phase', scenario, iteration: 1, phase: 'done', at: t0 + 18_000 });
  return out;
}

/** Several runs side by side: their events taken in turn, each run's in its own order. */
export function interleave(...runs: ProgressEvent[][]): ProgressEvent[] {
  const out: ProgressEvent[] = [];
  for (let i = 0; i < Math.max(...runs.map((r) => r.length)); i++) for (const r of runs) if (r[i]) out.push(r[i]);
  return out;
}
