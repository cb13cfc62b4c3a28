import { ZerodropError } from '../errors/index.ts';
import type { DisruptionKind } from '../k8s/index.ts';
import { DISRUPTION_KINDS } from '../k8s/index.ts';
import type { ExpectedVerdict } from '../metrics/index.ts';
import { displayPath } from '../util/index.ts';
import { atLine } from '../yaml/index.ts';
import type { ExpectedSpec } from './types.ts';

/**
 * A per-disruption `expected` map must give a verdict for every disruption the scenario lists,
 * and only for those: a run never falls back to a verdict nobody wrote down.
 */
export function checkExpected(file: string, data: { expected: ExpectedSpec; disruptions: DisruptionKind[] }): void {
  const { expected, disruptions } = data;
  if (typeof expected === 'string') return;
  const fail = (field: string, message: string) =>
    new ZerodropError(`${message}${atLine(data, field)}`, { file: displayPath(file), field });
  for (const kind of DISRUPTION_KINDS) {
    const listed = disruptions.includes(kind);
    if (listed && expected[kind] === undefined) {
      throw fail('expected', `has no verdict for ${kind}, which the scenario supports (disruptions: ${disruptions.join(', ')})`);
    }
    if (!listed && expected[kind] !== undefined) {
      throw fail(`expected.${kind}`, `${kind} is not among the scenario's disruptions (${disruptions.join(', ')})`);
    }
  }
}

/**
 * The verdict `expected` gives for one disruption; without one, for the first disruption the
 * scenario lists (checkExpected has made sure the map has it). A disruption the map leaves out
 * (the scenario does not support it) expects nothing: `any`.
 */
export function expectedFor(data: { expected: ExpectedSpec; disruptions: DisruptionKind[] }, disruption?: DisruptionKind): ExpectedVerdict {
  const { expected } = data;
  if (typeof expected === 'string') return expected;
  return expected[disruption ?? data.disruptions[0]] ?? 'any';
}

/** `lossy`, or `rollout: lossless, delete: lossless, drain: lossy` for a map (in disruption order). */
export function describeExpected(expected: ExpectedSpec): string {
  if (typeof expected === 'string') return expected;
  return DISRUPTION_KINDS.filter((k) => expected[k] !== undefined)
    .map((k) => `${k}: ${expected[k]}`)
    .join(', ');
}
