import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { TimelineEvent } from '../../timeline/types.ts';
import { podReady } from './rollout-status.ts';

export type PodEvent = Omit<TimelineEvent, 't'>;

/** What the timeline already knows about one pod. */
export interface PodMemory {
  /** Last pod phase seen (Pending, Running, Succeeded, Failed). */
  phase?: string;
  ready: boolean;
  deleting: boolean;
  /** `<container>#<restartCount>` of every container exit already reported. */
  exits: Set<string>;
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
 * Exit code 137 is SIGKILL (128+9): it also yields a `sigkill` note. Phase changes after the
 * first sight are `note` events with detail `phase <Phase>`.
 */
export function podTransitions(mem: PodMemory | undefined, pod: V1Pod, gone = false): { events: PodEvent[]; mem: PodMemory } {
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
  }

  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const s of statuses) {
    for (const x of exitsOf(s)) {
      if (m.exits.has(x.key)) continue;
      m.exits.add(x.key);
      events.push(at({ kind: 'exit', detail: String(x.code) }));
      if (x.code === 137) events.push(at({ kind: 'sigkill', detail: `container ${s.name} exited 137 (SIGKILL)${x.reason ? `, ${x.reason}` : ''}` }));
    }
  }
  return { events, mem: m };
}
