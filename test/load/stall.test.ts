import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoad } from '../../src/load/load-driver.ts';
import { DEFAULT_POOL } from '../../src/load/plan/default-load.ts';
import type { RequestRecord } from '../../src/load/types.ts';

/** A server in its own process (it keeps answering while this one is stalled): every answer after 100 ms. */
const SERVER = `
const http = require('node:http');
const s = http.createServer((req, res) => setTimeout(() => res.end('ok'), 100));
s.listen(0, '127.0.0.1', () => process.stdout.write(String(s.address().port) + '\\n'));
`;

/** Blocks this process's event loop for `ms`, as a long GC pause or a busy harness would. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* busy */
  }
}

let server: ChildProcess;
let port = 0;

beforeAll(async () => {
  server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(server.stdout!, 'data')) as [Buffer];
  port = Number(chunk.toString().trim());
});
afterAll(() => {
  server?.kill();
});

describe('a stall of the load process', () => {
  it('reads the answers that arrived during it before timing anything out, and reports the send lag', async () => {
    const records: RequestRecord[] = [];
    const run = startLoad({
      target: { host: '127.0.0.1', port, path: '/' },
      streams: [
        { name: 'keep-alive', rate: 40 },
        { name: 'new-connection', rate: 40 },
      ],
      maxConnections: 200,
      timeoutMs: 1000,
      reconnectEvery: 0,
      pool: DEFAULT_POOL,
      onRecord: (r) => records.push(r),
    });
    await new Promise((r) => setTimeout(r, 1000));
    run.takeMaxSendLag();
    // Stalled in the check phase (as after an I/O callback): the timer phase, where the timeout
    // sweep runs, comes next, before the poll phase reads the sockets.
    const stalledAt = Date.now();
    await new Promise<void>((r) =>
      setImmediate(() => {
        stall(2100);
        r();
      }),
    );
    await new Promise((r) => setTimeout(r, 1000));
    const lag = run.takeMaxSendLag();
    await run.stop();
    // Requests in flight when the stall began were answered 100 ms later, their answers waited in
    // the sockets; 2.1 s is past the 1 s timeout, but none of them may be recorded as a timeout.
    const inFlight = records.filter((r) => r.t < stalledAt && r.t + r.ms > stalledAt);
    expect(inFlight.length).toBeGreaterThan(0);
    expect(inFlight.filter((r) => r.code !== 200)).toEqual([]);
    // the slots due during the stall left late: the largest lag is about the stall
    expect(lag).toBeGreaterThanOrEqual(2000);
  });
});
