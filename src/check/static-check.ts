import { RULES } from './rules/index.ts';
import type { CheckTarget, Finding, Severity } from './types.ts';

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Every static rule over one target: its findings, errors first, then by id (stable for a given input). */
export function staticCheck(target: CheckTarget): Finding[] {
  return RULES.flatMap((rule) => rule(target)).sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.id.localeCompare(b.id));
}
