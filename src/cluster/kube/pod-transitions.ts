import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { TimelineEvent } from '../../timeline/index.ts';
import { podReady } from './rollout-status.ts';
import { killDelayMs, sigtermDelayMs } from './termination-times.ts';

/** A timeline event of a watch; `t` only when it is not the time the watch delivered it (an inferred SIGTERM or SIGKILL). */
export type PodEvent = Omit<TimelineEvent, 't'> & { t?: number };

/** What the timeline already knows about one pod. */
export interface PodMemory {
  /** Last pod phase seen (Pending, Running, Succeeded, Failed). */
  phase?: string;
  ready: boolean;
  deleting: boolean;
  /** `<container>#<restartCount>` of every container exit already reported. */
  exits: Set<string>;
  /** When the deletion was seen, and when the kubelet SIGKILLs then (termination-times.ts), epoch ms. */
  deletedAt?: number;
  killAt?: number;
}

function exitsOf(s: V1ContainerStatus): { key: string; code: number; reason?: string }[] {
  const out: { key: string; code: number; reason?: string }[] = [];
  const last = s.lastState?.terminated;
  if (last && s.restartCount > 0) out.push({ key: `${s.name}#${s.restartCount - 1}`, code: last.exitCode, reason: last.reason });
  const now = s.state?.terminated;
  if (now) out.push({ key: `${s.name}#${s.restartCount}`, code: now.exitCode, reason: now.reason });
  return out;
}

/**
 * The timeline events between what is known of a pod (`mem`, undefined = never seen) and its new
 * state from a watch (`gone` = the DELETED event). Updates `mem` in place; returns the new memory.
 * Exit code 137 is SIGKILL (128+9): it also yields a `sigkill` event, stamped at the kubelet's kill
 * time (deletion + grace, termination-times.ts) when the pod was being deleted and that time has
 * passed. The deletion also yields a `sigterm` inferred from the spec: at the deletion plus the
 * preStop sleep (none when a hook's duration cannot be known). Phase changes after the first sight
 * are `note` events with detail `phase <Phase>`. `now`: when the watch delivered this state.
 */
export function podTransitions(
  mem: PodMemory | undefined,
  pod: V1Pod,
  gone = false,
  now = Date.now(),
): { events: PodEvent[]; mem: PodMemory } {
  const name = pod.metadata?.name ?? '';
  const node = pod.spec?.nodeName || undefined;
  const at = (e: Omit<PodEvent, 'pod' | 'node'>): PodEvent => ({ ...e, pod: name, ...(node ? { node } : {}) });
  const events: PodEvent[] = [];
  const m: PodMemory = mem ?? { ready: false, deleting: false, exits: new Set() };
  if (!mem && !gone) events.push(at({ kind: 'pod-created' }));
  const phase = pod.status?.phase;
  if (phase && phase !== m.phase && !gone) {
    if (m.phase !== undefined) events.push(at({ kind: 'note', detail: `phase ${phase}` }));
    m.phase = phase;
  }

  const ready = !gone && podReady(pod);
  if (ready && !m.ready) events.push(at({ kind: 'pod-ready' }));
  if (!ready && m.ready) events.push(at({ kind: 'pod-unready', ...(gone ? { detail: 'pod deleted' } : {}) }));
  m.ready = ready;

  if ((pod.metadata?.deletionTimestamp || gone) && !m.deleting) {
    const grace = pod.metadata?.deletionGracePeriodSeconds;
    events.push(at({ kind: 'pod-deleted', ...(grace !== undefined ? { detail: `grace ${grace}s` } : {}) }));
    m.deleting = true;
    const term = gone ? undefined : sigtermDelayMs(pod);
    if (term !== undefined)
      events.push(at({ kind: 'sigterm', t: now + term, detail: `inferred: deletion + preStop sleep ${term / 1000}s` }));
    m.deletedAt = now;
    const kill = killDelayMs(grace, term);
    if (kill !== undefined) m.killAt = now + kill;
  }

  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const s of statuses) {
    for (const x of exitsOf(s)) {
      if (m.exits.has(x.key)) continue;
      m.exits.add(x.key);
      events.push(at({ kind: 'exit', detail: String(x.code) }));
      if (x.code !== 137) continue;
      const deadline = m.killAt !== undefined && m.killAt <= now ? { t: m.killAt } : {};
      events.push(
        at({
          kind: 'sigkill',
          ...deadline,
          detail: `container ${s.name} exited 137 (SIGKILL)${x.reason ? `, ${x.reason}` : ''}${'t' in deadline ? ', at the grace deadline' : ''}`,
        }),
      );
    }
  }
  return { events, mem: m };
}
