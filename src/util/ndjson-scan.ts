import { open } from 'node:fs/promises';
import { ZerodropError } from '../errors/index.ts';

const CHUNK = 64 * 1024;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Takes one line, the bytes buf[start, end) (no line break), and returns whether it was a good
 * one (false: unparseable or rejected). The bytes are only valid during the call.
 */
export type LineTaker = (buf: Buffer, start: number, end: number, lineNo: number) => boolean;

/**
 * The lines of an NDJSON file, read in 64 KiB chunks into one reused buffer: no string per line,
 * `take` parses the bytes. Lines end at \n, \r\n or a lone \r (as node:readline splits them).
 * Blank lines are skipped; an unparseable or rejected LAST line (a run killed mid-write) is
 * skipped; one anywhere else is an error naming the file and the line. Yields once per chunk,
 * after `take` saw its lines, so a generator above it can hand on what they gave.
 */
export async function* scanNdjson(path: string, what: string, take: LineTaker): AsyncGenerator<void> {
  const file = await open(path, 'r');
  try {
    let buf: Buffer = Buffer.allocUnsafe(CHUNK);
    let filled = 0;
    let lineNo = 0;
    let bad: number | undefined;
    const line = (start: number, end: number) => {
      lineNo++;
      if (isBlank(buf, start, end)) return;
      if (bad !== undefined) throw new ZerodropError(`malformed ${what}`, { file: path, field: `line ${bad}` });
      if (!take(buf, start, end, lineNo)) bad = lineNo;
    };
    for (;;) {
      if (filled === buf.length) buf = grown(buf);
      const { bytesRead } = await file.read(buf, filled, buf.length - filled, null);
      const eof = bytesRead === 0;
      filled += bytesRead;
      let start = 0;
      let cr = buf.indexOf(CR, 0);
      for (;;) {
        let lf = buf.indexOf(LF, start);
        if (lf >= filled) lf = -1;
        if (cr >= 0 && cr < start) cr = buf.indexOf(CR, start);
        if (cr >= filled) cr = -1;
        if (cr >= 0 && (lf < 0 || cr < lf)) {
          // \r: a break of its own, or the first half of \r\n (wait for the next byte unless at the end).
          if (cr + 1 === filled && !eof) break;
          line(start, cr);
          start = buf[cr + 1] === LF && cr + 1 < filled ? cr + 2 : cr + 1;
        } else if (lf >= 0) {
          line(start, lf);
          start = lf + 1;
        } else break;
      }
      if (eof) {
        if (start < filled) line(start, filled);
        yield;
        return;
      }
      buf.copyWithin(0, start, filled);
      filled -= start;
      yield;
    }
  } finally {
    await file.close();
  }
}

function grown(buf: Buffer): Buffer {
  const next = Buffer.allocUnsafe(buf.length * 2);
  buf.copy(next);
  return next;
}

/** As `line.trim() === ''`: spaces and tabs only (any other byte below 0x80 is no whitespace). */
function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c) continue;
    return c >= 0x80 ? buf.toString('utf8', start, end).trim() === '' : false;
  }
  return true;
}
