import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openRequestLog } from '../../src/load/request-log.ts';
import type { RequestRecord, StreamPlan } from '../../src/load/types.ts';
import type { TimelineEvent } from '../../src/timeline/types.ts';

/** Writes a request log and a timeline file into `dir` as a run would leave them (epoch 0: record times as given). */
export async function writeSyntheticRun(dir: string, streams: StreamPlan[], records: RequestRecord[], events: TimelineEvent[]) {
  const requestsFile = join(dir, 'requests.ndjson');
  const timelineFile = join(dir, 'timeline.ndjson');
  const log = openRequestLog(requestsFile, streams, 0);
  for (const r of records) log.write(r);
  await log.close();
  await writeFile(timelineFile, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  return { requestsFile, timelineFile };
}

/** Phase events for boundaries 1000, 2000, 3000 and (unless stopped early) 4000. */
export function phaseEvents(stoppedEarly = false): TimelineEvent[] {
  const names = stoppedEarly ? ['baseline', 'disruption', 'recovery'] : ['baseline', 'disruption', 'recovery', 'end'];
  return names.map((detail, i) => ({ t: 1000 * (i + 1), kind: 'phase', detail }));
}
