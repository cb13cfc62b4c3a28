import { bindAddress } from './bind-address.ts';
import { disruptionBudget } from './disruption-budget.ts';
import { grace } from './grace.ts';
import { initShell } from './init-shell.ts';
import { preStop } from './prestop.ts';
import { readiness } from './readiness.ts';
import { rollout } from './rollout.ts';
import type { Rule } from './rule.ts';
import { shellPid1 } from './shell-pid1.ts';

/** Every static rule `zerodrop check` runs, each a family of finding ids (see its file). */
export const RULES: readonly Rule[] = [shellPid1, initShell, readiness, preStop, grace, rollout, disruptionBudget, bindAddress];

export type { Rule } from './rule.ts';
export { ENDPOINT_PROPAGATION_SECONDS, MIN_DRAIN_SECONDS } from './timing.ts';
