import type { RequestRecord } from '../load/index.ts';
import type { Phases } from '../timeline/index.ts';
import { FAILING_4XX, httpStatus } from './classify.ts';
import { requestEnd } from './request-end.ts';

/**
 * Collects the 4xx statuses a run's baseline phase answered (records whose outcome became known
 * in the baseline, as the phase counts assign them), 408, 425 and 429 left out: those always fail.
 * The 4xx rule (classify) judges every record against this set, so the set is read from the
 * streamed records first, in a pass of its own (this, once per record): a 4xx in the disruption
 * is unexpected only when no baseline record, whenever it was written, had that status.
 */
export function addBaseline4xx(codes: Set<number>, r: RequestRecord, phases: Phases): void {
  const status = httpStatus(r.code);
  if (status === undefined || status < 400 || status >= 500 || FAILING_4XX.has(status) || codes.has(status)) return;
  if (phases.phaseOfEnd(requestEnd(r)) === 'baseline') codes.add(status);
}
