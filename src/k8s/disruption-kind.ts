/** The disruptions zerodrop performs: a rolling update, a pod delete, a node drain, a scale-in and back. */
export type DisruptionKind = 'rollout' | 'delete' | 'drain' | 'scale-down';
export const DISRUPTION_KINDS: readonly DisruptionKind[] = ['rollout', 'delete', 'drain', 'scale-down'];
