import type { ScenarioReport } from '../metrics/index.ts';

/** What an unsolicited answer is, for the reporters' line. */
export const UNSOLICITED_NOTE = 'answers with no request open; each closed its connection and is not a request';

/** "keep-alive 3, new-connection 1" (streams with a count only); '' when there was none. */
export function unsolicitedText(s: Pick<ScenarioReport, 'unsolicited'>): string {
  return Object.entries(s.unsolicited ?? {})
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([stream, n]) => `${stream} ${n}`)
    .join(', ');
}
