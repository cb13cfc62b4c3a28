import { get, type IncomingMessage } from 'node:http';

export interface SseEvent {
  event: string;
  data: unknown;
}

/** Reads a Server-Sent Events stream into `events`; `until` waits for an event matching `match`. */
export function sseClient(url: string) {
  const events: SseEvent[] = [];
  let waiters: Array<() => void> = [];
  let res: IncomingMessage | undefined;
  let buffer = '';
  const ended = new Promise<void>((resolve, reject) => {
    const req = get(url, { agent: false }, (r) => {
      res = r;
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => {
        buffer += chunk;
        let i: number;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data !== undefined) events.push({ event, data: JSON.parse(data) });
        }
        for (const w of waiters) w();
      });
      r.on('end', () => resolve());
    });
    req.on('error', reject);
  });
  return {
    events,
    ended,
    headers: () => res?.headers,
    /** The first event from index `from` on that matches, once it has come (rejects after `ms`). */
    until(match: (e: SseEvent) => boolean, ms = 5000, from = 0): Promise<SseEvent> {
      return new Promise((resolve, reject) => {
        const look = () => {
          const hit = events.slice(from).find(match);
          if (!hit) return false;
          clearTimeout(timer);
          waiters = waiters.filter((w) => w !== check);
          resolve(hit);
          return true;
        };
        const check = () => {
          look();
        };
        const timer = setTimeout(
          () => reject(new Error(`no matching event in ${ms} ms; got ${events.map((e) => e.event).join(', ')}`)),
          ms,
        );
        if (!look()) waiters.push(check);
      });
    },
    close: () => res?.destroy(),
  };
}
