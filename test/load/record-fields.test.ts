import { describe, expect, it } from 'vitest';
import { RecordFieldDecoder } from '../../src/load/record-fields.ts';

const decoded = (d: RecordFieldDecoder, line: string): unknown[] | undefined => {
  const buf = Buffer.from(`xx${line}yy`, 'utf8');
  const n = d.decode(buf, 2, buf.length - 2);
  return n < 0 ? undefined : d.fields.slice(0, n);
};

describe('RecordFieldDecoder', () => {
  it('reads plain record lines exactly as JSON.parse does', () => {
    const d = new RecordFieldDecoder();
    const lines = [
      '[5,1.2,200,"web-a",1,1,0,0]',
      '[17,2,503,"web-b",1,0,0,812.5]',
      '[30,1000,"ETIMEDOUT","",2,1,1,0,3]',
      '[-0,0,"DROPPED","",0,0,1,0]',
      '[-12.5,0.1,200,"p",0]',
      '[123456789012.3,99999.9,204,"web-7d9f-0",65535,0,1,0.3]',
      '[0.00000000000001,100000000000000,1,"a"]',
      '[]',
      '[1]',
    ];
    for (const line of lines) expect(decoded(d, line)).toEqual(JSON.parse(line));
    expect(Object.is(decoded(d, '[-0]')?.[0], -0)).toBe(true);
  });

  it('gives the same doubles as JSON.parse for every tenth and random decimals', () => {
    const d = new RecordFieldDecoder();
    let seed = 5;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const differ: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const line = `[${(i / 10).toFixed(1)},${(rnd() * 10 ** (i % 9)).toFixed(i % 7)},${(i * 0.0001).toFixed(4)}]`;
      const want = JSON.parse(line) as number[];
      const got = decoded(d, line);
      if (got?.length !== 3 || !want.every((v, k) => Object.is(v, got[k]))) differ.push(line);
    }
    expect(differ).toEqual([]);
  });

  it('reads a string it has seen from memory, and new ones as they come', () => {
    const d = new RecordFieldDecoder();
    const a = decoded(d, '[1,2,"ECONNRESET","web-1"]');
    const b = decoded(d, '[1,2,"ECONNRESET","web-1"]');
    expect(b).toEqual(a);
    expect(decoded(d, '[1,2,"web-2","web-1"]')).toEqual([1, 2, 'web-2', 'web-1']);
  });

  it('leaves any other shape to JSON.parse (-1)', () => {
    const d = new RecordFieldDecoder();
    for (const line of [
      '',
      '[',
      '{"a":1}',
      '[1, 2]',
      ' [1,2]',
      '[1,2,]',
      '[,1]',
      '[01]',
      '[1.]',
      '[.5]',
      '[-]',
      '[+1]',
      '[1e3]',
      '[1E-3]',
      '[1234567890123456]',
      '[0.1234567890123456]',
      '[true]',
      '[null]',
      '[[1]]',
      '["a\\"b"]',
      '["ünï"]',
      '["tab\there"]',
      '["open]',
      '[1,2,3,4,5,6,7,8,9,10,11,12,13]',
    ])
      expect(decoded(d, line), line).toBeUndefined();
  });
});
