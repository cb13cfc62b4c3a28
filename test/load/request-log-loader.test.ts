import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CODES } from '../../src/load/codes.ts';
import { RecordLineEncoder } from '../../src/load/record-line.ts';
import type { LoaderInfo } from '../../src/load/remote/loader-info.ts';
import { openRequestLog, readAllRequests, readRequestLogHeader } from '../../src/load/request-log.ts';
import { classify } from '../../src/metrics/classify.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zd-reqlog-loader-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const loaders: LoaderInfo[] = [
  {
    name: 'zerodrop-load-0-abcde',
    node: 'zerodrop-worker',
    streams: [{ name: 'keep-alive', rate: 150 }],
    slots: { 'keep-alive': 2 },
    slotsFrom: 'agent',
    received: 1,
    missing: 1,
    restarts: 0,
    clock: { start: { offsetMs: 0.4, uncertaintyMs: 3, at: 10 } },
  },
];

describe('request log: the loader column (load from inside the cluster)', () => {
  it('writes loader as a 9th element (after the lag), and the header lists the loaders', async () => {
    const path = join(dir, 'r.ndjson');
    const log = openRequestLog(path, [{ name: 'keep-alive', rate: 150 }], 1000, loaders);
    log.write({ t: 1005, ms: 2, code: 200, pod: 'web', conn: 3, fresh: true, stream: 'keep-alive', loader: 0 });
    log.write({ t: 1011, ms: 0, code: CODES.missing, pod: '', conn: 0, fresh: false, stream: 'keep-alive', loader: 0 });
    await log.close();
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines[1]).toBe('[5,2,200,"web",3,1,0,0,0]');
    expect((await readRequestLogHeader(path)).loaders).toEqual(loaders);
    const back = await readAllRequests(path);
    expect(back.map((r) => r.loader)).toEqual([0, 0]);
    expect(classify(back[1].code)).toBe('dropped');
  });

  it('still reads logs without it (host load, older files): no loader, no loaders', async () => {
    const path = join(dir, 'old.ndjson');
    await writeFile(
      path,
      '{"format":"zerodrop-requests","version":2,"epoch":0,"streams":[{"name":"keep-alive","rate":1}]}\n[1,2,200,"p",1,1,0]\n',
    );
    const [r] = await readAllRequests(path);
    expect(r).not.toHaveProperty('loader');
    expect((await readRequestLogHeader(path)).loaders).toBeUndefined();
  });

  it("the agent's lines add the seq after the loader", () => {
    const enc = new RecordLineEncoder(0);
    enc.add(
      { t: 1, ms: 1, code: 200, pod: 'p', conn: 1, fresh: false, stream: 'new-connection', lag: 3.25, loader: 4 },
      1_700_000_000_000_123,
    );
    expect(enc.take().bytes.toString()).toBe('[1,1,200,"p",1,0,1,3.3,4,1700000000000123]\n');
  });
});
