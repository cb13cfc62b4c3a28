import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordLineEncoder } from '../../src/load/record-line.ts';
import { openRequestLog, parseRecordLine, readAllRequests, readRequestLogHeader } from '../../src/load/request-log.ts';
import type { RequestRecord } from '../../src/load/types.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zd-reqlog-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const epoch = 1_700_000_000_000;
const plans = [
  { name: 'keep-alive' as const, rate: 10 },
  { name: 'new-connection' as const, rate: 10 },
];
const recs: RequestRecord[] = [
  { t: epoch + 5, ms: 1.23, code: 200, pod: 'web-a', conn: 1, fresh: true, stream: 'keep-alive' },
  { t: epoch + 17, ms: 2, code: 503, pod: 'web-b', conn: 1, fresh: false, stream: 'keep-alive', lag: 812.5 },
  { t: epoch + 30, ms: 1000, code: 'ETIMEDOUT', pod: '', conn: 2, fresh: true, stream: 'new-connection' },
];

describe('request log', () => {
  it('writes one compact array line per request, relative to the header epoch', async () => {
    const path = join(dir, 'requests.ndjson');
    const log = openRequestLog(path, plans, epoch);
    for (const r of recs) log.write(r);
    await log.close();
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(JSON.parse(lines[0])).toMatchObject({ format: 'zerodrop-requests', version: 3, epoch, streams: plans });
    expect(lines[1]).toBe('[5,1.2,200,"web-a",1,1,0,0]');
    expect(lines[2]).toBe('[17,2,503,"web-b",1,0,0,812.5]');
    expect(lines[3]).toBe('[30,1000,"ETIMEDOUT","",2,1,1,0]');
    const back = await readAllRequests(path);
    expect(back).toEqual(recs.map((r) => ({ ...r, ms: Math.round(r.ms * 10) / 10 })));
  });

  it('puts records on disk before close (a killed run keeps what was measured)', async () => {
    const path = join(dir, 'live.ndjson');
    const log = openRequestLog(path, plans, epoch);
    log.write(recs[0]);
    await new Promise((r) => setTimeout(r, 50));
    expect(await readAllRequests(path)).toHaveLength(1);
    await log.close();
  });

  it('skips a truncated last line', async () => {
    const path = join(dir, 'cut.ndjson');
    const log = openRequestLog(path, plans, epoch);
    for (const r of recs) log.write(r);
    await log.close();
    await appendFile(path, '[40,1.5,200,"we');
    expect(await readAllRequests(path)).toHaveLength(3);
  });

  it('rejects a malformed line in the middle and a file without header', async () => {
    const path = join(dir, 'bad.ndjson');
    await writeFile(path, `{"format":"zerodrop-requests","version":1,"epoch":0}\n[1,1,200\n[2,1,200,"p",1,0]\n`);
    await expect(readAllRequests(path)).rejects.toThrow(/malformed/);
    await writeFile(path, '[2,1,200,"p",1,0]\n');
    await expect(readAllRequests(path)).rejects.toThrow(/not a zerodrop request log/);
  });

  it('reads the stream plans from the header, and a version 1 log as one keep-alive stream', async () => {
    const path = join(dir, 'v.ndjson');
    const log = openRequestLog(path, plans, epoch);
    await log.close();
    expect(await readRequestLogHeader(path)).toEqual({ epoch, version: 3, streams: plans });
    await writeFile(path, `{"format":"zerodrop-requests","version":1,"epoch":0}\n[2,1,200,"p",1,0]\n`);
    expect(await readAllRequests(path)).toEqual([{ t: 2, ms: 1, code: 200, pod: 'p', conn: 1, fresh: false, stream: 'keep-alive' }]);
    // version 2: no lag column, the 8th is the load pod
    await writeFile(path, `{"format":"zerodrop-requests","version":2,"epoch":0,"streams":[]}\n[2,1,200,"p",1,0,1,4]\n`);
    expect(await readAllRequests(path)).toEqual([
      { t: 2, ms: 1, code: 200, pod: 'p', conn: 1, fresh: false, stream: 'new-connection', loader: 4 },
    ]);
    await writeFile(path, `{"format":"zerodrop-requests","version":4,"epoch":0}\n`);
    await expect(readAllRequests(path)).rejects.toThrow(/version 4/);
  });

  it('reads every line as JSON.parse reads it, in the plain shape or not (spaces, escapes, exponents, CRLF)', async () => {
    const path = join(dir, 'shapes.ndjson');
    const lines = [
      '[5,1.2,200,"web-a",1,1,0,0]',
      '[ 6 , 1.5 , 503 , "web-a" , 2 , 0 , 1 , 0 ]',
      '[7,2e1,"ECONNRESET","w\\u0065b-\\"b\\"",3,0,0,1.25e2,1]',
      '[8,0.05,200,"ünï",4,1,1,0]',
      '[-9.5,12345678.9,"DROPPED","",0,0,0,0]',
      '[10,1,"UNSOLICITED","web-a",5,0,0]',
    ];
    await writeFile(path, `{"format":"zerodrop-requests","version":3,"epoch":${epoch},"streams":[]}\r\n${lines.join('\r\n')}\r\n`);
    const expected = lines.map((l) => parseRecordLine(JSON.parse(l), epoch)).filter((r) => r?.code !== 'UNSOLICITED');
    expect(expected).toHaveLength(5);
    expect(await readAllRequests(path)).toEqual(expected);
  });
});

describe('record line encoder', () => {
  it('writes exactly the JSON that JSON.stringify writes for the rounded record', () => {
    const enc = new RecordLineEncoder(1000);
    const expected: string[] = [];
    let seed = 7;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 5000; i++) {
      const r: RequestRecord = {
        t: 1000 + (rnd() - 0.1) * 10 ** Math.floor(rnd() * 8),
        ms: rnd() * 10 ** Math.floor(rnd() * 6),
        code: [200, 503, 'ECONNRESET', 'HPE_INVALID_CONSTANT', 'DROPPED'][i % 5],
        pod: ['web-1', '', 'ünï"\\cödé'][i % 3],
        conn: Math.floor(rnd() * 1e6),
        fresh: rnd() < 0.5,
        stream: rnd() < 0.5 ? 'keep-alive' : 'new-connection',
        lag: i % 4 === 0 ? rnd() * 10 ** Math.floor(rnd() * 5) : undefined,
      };
      enc.add(r);
      const tenth = (v: number) => Math.round(v * 10) / 10;
      expected.push(
        JSON.stringify([
          tenth(r.t - 1000),
          tenth(r.ms),
          r.code,
          r.pod,
          r.conn,
          r.fresh ? 1 : 0,
          r.stream === 'keep-alive' ? 0 : 1,
          tenth(r.lag ?? 0),
        ]).replace(/-0(?=[,\]])/g, '0'),
      );
    }
    expect(enc.take().bytes.toString('utf8').trimEnd().split('\n')).toEqual(expected);
  });
});
