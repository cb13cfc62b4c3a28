import type { DisruptionKind } from '../k8s/index.ts';
import type { Disruption } from './disruption.ts';
import { nodeDrain } from './node-drain.ts';
import { podDelete } from './pod-delete.ts';
import { rollout } from './rollout.ts';
import { scaleDown } from './scale-down.ts';

export interface DisruptionOptions {
  /** Pause between eviction attempts refused with 429 (kubectl: 5 s). */
  evictionRetryMs?: number;
  /** Replicas a scale-down removes (default 1). */
  scaleBy?: number;
}

export function createDisruption(kind: DisruptionKind, opts: DisruptionOptions = {}): Disruption {
  switch (kind) {
    case 'rollout':
      return rollout;
    case 'delete':
      return podDelete;
    case 'drain':
      return nodeDrain(opts.evictionRetryMs);
    case 'scale-down':
      return scaleDown(opts.scaleBy);
  }
}
