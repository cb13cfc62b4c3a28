import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { fsReason } from './fs-reason.ts';

/** Largest input file zerodrop reads (scenario.yaml, manifests): 1 MiB. */
export const MAX_INPUT_BYTES = 1024 * 1024;

/** Why a file could not be read, as a short phrase for a one-line error. */
export class ReadFileError extends Error {
  readonly reason: string;
  readonly code?: string;
  constructor(reason: string, code?: string) {
    super(reason);
    this.name = 'ReadFileError';
    this.reason = reason;
    this.code = code;
  }
}

/**
 * Reads a regular file as UTF-8, never blocking on a FIFO or device: it is opened non-blocking,
 * checked with fstat (regular file, at most `maxBytes`), and read in full. Anything else throws
 * a ReadFileError whose reason names the problem ("is a FIFO, not a regular file").
 */
export function readRegularFile(file: string, maxBytes = MAX_INPUT_BYTES): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    throw new ReadFileError(fsReason(err), (err as NodeJS.ErrnoException).code);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new ReadFileError('is a directory, not a file', 'EISDIR');
    if (!st.isFile()) throw new ReadFileError(`is ${kindOf(st)}, not a regular file`, 'ENOTREG');
    if (st.size > maxBytes) throw new ReadFileError(`is ${st.size} bytes, larger than the ${maxBytes}-byte limit`, 'EFBIG');
    const buf = Buffer.alloc(st.size + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; ) {
      got = readSync(fd, buf, n, buf.length - n, null);
      n += got;
    }
    // The file grew while being read: still bounded.
    if (n > maxBytes) throw new ReadFileError(`is larger than the ${maxBytes}-byte limit`, 'EFBIG');
    return buf.subarray(0, n).toString('utf8');
  } catch (err) {
    if (err instanceof ReadFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReadFileError(`cannot read (${code ?? String(err)})`, code);
  } finally {
    closeSync(fd);
  }
}

function kindOf(st: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}
