/** The disruptions zerodrop performs: a rolling update, a pod delete, a node drain. */
export type DisruptionKind = 'rollout' | 'delete' | 'drain';
export const DISRUPTION_KINDS: readonly DisruptionKind[] = ['rollout', 'delete', 'drain'];
