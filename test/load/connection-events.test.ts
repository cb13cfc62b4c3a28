import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentOutput } from '../../src/load/agent/agent-output.ts';
import { AGENT_FORMAT, AGENT_VERSION } from '../../src/load/remote/agent-lines.ts';
import { AgentStream } from '../../src/load/remote/agent-stream.ts';
import { mergeLoaderLogs } from '../../src/load/remote/merge-loaders.ts';
import { openRequestLog, readRequestLog } from '../../src/load/request-log.ts';
import type { ConnectionEvent, RequestRecord } from '../../src/load/types.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zd-events-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const epoch = 1_700_000_000_000;
const streams = [
  { name: 'keep-alive' as const, rate: 10 },
  { name: 'new-connection' as const, rate: 10 },
];
const rec = (t: number, stream: RequestRecord['stream'] = 'keep-alive'): RequestRecord => ({
  t: epoch + t,
  ms: 2,
  code: 200,
  pod: 'web-a',
  conn: 1,
  fresh: false,
  stream,
});
const ev = (t: number, stream: ConnectionEvent['stream'] = 'keep-alive'): ConnectionEvent => ({
  kind: 'unsolicited',
  t: epoch + t,
  pod: 'web-a',
  conn: 3,
  stream,
});

async function readBack(path: string): Promise<{ records: RequestRecord[]; events: ConnectionEvent[] }> {
  const records: RequestRecord[] = [];
  const events: ConnectionEvent[] = [];
  for await (const r of readRequestLog(path, undefined, (e) => events.push(e))) records.push(r);
  return { records, events };
}

describe('connection events in the request log', () => {
  it('are lines of the records’ shape, handed apart by the reader', async () => {
    const path = join(dir, 'requests.ndjson');
    const log = openRequestLog(path, streams, epoch);
    log.write(rec(5));
    log.event(ev(12));
    log.write(rec(20, 'new-connection'));
    log.event(ev(25, 'new-connection'));
    await log.close();
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines[2]).toBe('[12,0,"UNSOLICITED","web-a",3,0,0,0]');
    const back = await readBack(path);
    expect(back.records).toEqual([rec(5), rec(20, 'new-connection')]);
    expect(back.events).toEqual([ev(12), ev(25, 'new-connection')]);
  });

  it('pass from a load agent’s output through its log stream and the merge, never counted as slots', async () => {
    let text = '';
    const out = new Writable({
      write(c: Buffer, _e, cb) {
        text += c.toString('utf8');
        cb();
      },
    });
    const agent = new AgentOutput(out, epoch, 1);
    agent.control({ agent: AGENT_FORMAT, version: AGENT_VERSION, boot: 'b1', loader: 1, port: 9470, epoch, streams });
    agent.control({ started: epoch + 1, boot: 'b1' });
    agent.record(rec(5));
    agent.event(ev(12));
    agent.record(rec(20, 'new-connection'));
    agent.control({ done: epoch + 100, boot: 'b1', seq: agent.seq, slots: { 'keep-alive': 1, 'new-connection': 1 } });
    await agent.close();

    const seen: { records: RequestRecord[]; events: ConnectionEvent[] } = { records: [], events: [] };
    let raw = '';
    const stream = new AgentStream({
      record: (r) => seen.records.push(r),
      event: (e) => seen.events.push(e),
      lines: (b) => {
        raw += b;
      },
    });
    stream.push(text);
    stream.push(text); // a resumed log stream repeats lines: read once
    expect(seen.records).toHaveLength(2);
    expect(seen.events).toEqual([{ ...ev(12), loader: 1 }]);

    const rawFile = join(dir, 'raw.ndjson');
    await writeFile(rawFile, raw);
    const merged = join(dir, 'requests.ndjson');
    const [info] = await mergeLoaderLogs(
      merged,
      [{ name: 'load-0', node: 'n', streams, restarts: 0, rawFile, clock: {}, startAt: epoch, stopAt: epoch + 100 }],
      epoch,
    );
    expect(info).toMatchObject({ received: 2, missing: 0, slots: { 'keep-alive': 1, 'new-connection': 1 } });
    const back = await readBack(merged);
    expect(back.records).toHaveLength(2);
    expect(back.events).toEqual([{ ...ev(12), loader: 0 }]);
  });
});
