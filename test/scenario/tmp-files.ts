import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { ZerodropError } from '../../src/errors/zerodrop-error.ts';

/** A temp dir for this test file, removed after it; `write(name, text)` returns the file's path. */
export function tempDir(): { dir: string; write: (name: string, text: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'zerodrop-scenario-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  return {
    dir,
    write: (name, text) => {
      const file = join(dir, `${n++}-${name}`);
      writeFileSync(file, text);
      return file;
    },
  };
}

/** The ZerodropError `fn` throws; fails the test when it throws nothing or something else. */
export function errorOf(fn: () => unknown): ZerodropError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ZerodropError) return e;
    throw e;
  }
  throw new Error('expected a ZerodropError');
}
