import type { ServerResponse } from 'node:http';

const HEARTBEAT_MS = 15_000;
/** A page that reads slower than this many bytes behind is dropped (it reconnects and gets the state anew). */
const MAX_BEHIND = 4 * 1024 * 1024;

/** The open Server-Sent Events streams, each event sent to all of them. */
export class SseClients {
  private readonly open = new Set<ServerResponse>();
  private readonly heartbeat = setInterval(() => {
    for (const res of this.open) res.write(': keep-alive\n\n');
  }, HEARTBEAT_MS).unref();

  get size(): number {
    return this.open.size;
  }

  /** Starts an event stream on `res`; returns a sender for that stream alone. */
  add(res: ServerResponse): (event: string, data: unknown) => void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 2000\n\n');
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    return (event, data) => write(res, event, data);
  }

  /** Sends one event to every stream; returns how many got it. */
  send(event: string, data: unknown): number {
    for (const res of this.open) {
      if (res.writableLength > MAX_BEHIND) res.destroy();
      else write(res, event, data);
    }
    return this.open.size;
  }

  /** Ends every stream. */
  end(): void {
    clearInterval(this.heartbeat);
    for (const res of this.open) res.end();
    this.open.clear();
  }
}

/** One event: its name and its data as one line of JSON. */
function write(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
