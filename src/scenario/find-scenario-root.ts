import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZerodropError } from '../errors/index.ts';

/**
 * The repository's `scenarios/` directory, found by walking up from `start`
 * (default: the directory of this source file, so it works from any working directory).
 */
export function findScenarioRoot(start?: string): string {
  const from = resolve(start ?? dirname(fileURLToPath(import.meta.url)));
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'scenarios');
    if (isDir(candidate) && isDir(join(candidate, '_app'))) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new ZerodropError(`no scenarios/ directory found above ${from}`, {
    hint: 'run zerodrop from its repository checkout, or pass --manifest FILE',
  });
}

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}
