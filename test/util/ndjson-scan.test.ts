import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanNdjson } from '../../src/util/ndjson-scan.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zd-scan-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The lines scanNdjson hands over, with their numbers; `good` says which it takes. */
async function scan(text: string | Buffer, good: (line: string) => boolean = () => true): Promise<Array<[number, string]>> {
  const path = join(dir, 'f.ndjson');
  await writeFile(path, text);
  const out: Array<[number, string]> = [];
  const take = (buf: Buffer, start: number, end: number, lineNo: number) => {
    const line = buf.toString('utf8', start, end);
    out.push([lineNo, line]);
    return good(line);
  };
  for await (const _ of scanNdjson(path, 'thing', take));
  return out;
}

describe('scanNdjson', () => {
  it('splits lines at \\n, \\r\\n and a lone \\r, skips blank ones, and keeps the last unterminated line', async () => {
    expect(await scan('a\nb\r\nc\rd\n\n  \t\ne')).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
      [7, 'e'],
    ]);
    expect(await scan('')).toEqual([]);
    expect(await scan('x\n')).toEqual([[1, 'x']]);
    expect(await scan('\u00a0\nx\u00a0\n')).toEqual([[2, 'x\u00a0']]);
  });

  it('reads lines across chunk boundaries: long lines, \\r\\n split between reads, multi-byte characters', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `${'é'.repeat(i % 50)}${i}${'x'.repeat((i * 37) % 200)}`);
    lines.push('y'.repeat(300_000));
    for (const nl of ['\n', '\r\n', '\r']) {
      const got = await scan(lines.join(nl));
      expect(got.map(([, l]) => l)).toEqual(lines);
      expect(got.at(-1)?.[0]).toBe(lines.length);
    }
    // a \r as the last byte of a 64 KiB read, its \n the first of the next
    const first = 'a'.repeat(64 * 1024 - 1);
    expect((await scan(`${first}\r\nb\r\n`)).map(([n, l]) => [n, l.length])).toEqual([
      [1, first.length],
      [2, 1],
    ]);
  });

  it('skips a bad last line and fails on a bad line with more after it, naming it', async () => {
    const good = (l: string) => l !== 'bad';
    expect(await scan('a\nb\nbad', good)).toHaveLength(3);
    expect(await scan('a\nbad\n\n \n', good)).toHaveLength(2);
    await expect(scan('a\nbad\nc\n', good)).rejects.toMatchObject({ message: 'malformed thing', field: 'line 2' });
  });
});
