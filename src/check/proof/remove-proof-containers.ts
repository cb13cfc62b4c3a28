import { hostOwnerDead, hostOwnerMarker } from '../../util/index.ts';
import { proofRuntime } from './proof-runtime.ts';

/** Every proof container carries these labels: the proof's id, and the zerodrop process that owns it. */
export const PROOF_LABEL = 'zerodrop.dev/proof';
export const PROOF_OWNER_LABEL = 'zerodrop.dev/proof-owner';

export function proofLabels(id: string, target: string): Record<string, string> {
  return { [PROOF_LABEL]: id, [PROOF_OWNER_LABEL]: hostOwnerMarker(), 'zerodrop.dev/proof-target': target };
}

/** The part of dockerode a sweep uses (testcontainers' client.container.dockerode). */
export interface ContainerLister {
  listContainers(opts: {
    all: boolean;
    filters: { label: string[] };
  }): Promise<{ Id: string; Names?: string[]; Labels?: Record<string, string> }[]>;
  getContainer(id: string): { remove(opts: { force: boolean; v: boolean }): Promise<unknown> };
}

/**
 * Removes (forced, with volumes) every container labelled `label` (`key` or `key=value`) whose
 * labels pass `pick`; returns their names. One already gone (a parallel sweep) is not an error.
 */
export async function sweepContainers(
  docker: ContainerLister,
  label: string,
  pick: (labels: Record<string, string>) => boolean = () => true,
): Promise<string[]> {
  const removed: string[] = [];
  for (const c of await docker.listContainers({ all: true, filters: { label: [label] } })) {
    if (!pick(c.Labels ?? {})) continue;
    try {
      await docker.getContainer(c.Id).remove({ force: true, v: true });
      removed.push((c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''));
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
  }
  return removed;
}

/** Proof containers whose owner is a dead zerodrop process on this host (crashed or killed runs). */
export function sweepDeadProofContainers(docker: ContainerLister): Promise<string[]> {
  return sweepContainers(docker, PROOF_LABEL, (labels) => hostOwnerDead(labels[PROOF_OWNER_LABEL] ?? ''));
}

/**
 * `zerodrop cleanup`'s part: removes the proof containers that dead zerodrop processes left
 * (never those of a live run) and returns their names; none when no Docker engine answers.
 */
export async function removeProofContainers(): Promise<string[]> {
  const rt = await proofRuntime();
  if ('skipped' in rt) return [];
  return sweepDeadProofContainers(rt.client.container.dockerode);
}
