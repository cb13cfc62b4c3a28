import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from './paths.ts';

/** The agent's entry point, relative to the repository. */
export const AGENT_ENTRY = 'src/load/agent/agent-main.ts';
/** The one package the agent's sources require at run time (load/autocannon-client.ts). */
const AGENT_PACKAGES = ['autocannon'];

/** Value imports and re-exports of relative modules (`import type` is erased at run time and skipped). */
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?'(\.{1,2}\/[^']+)'/g;

/** Source files the entry reaches through relative imports, repository-relative, sorted. */
export async function sourceClosure(entry = AGENT_ENTRY, root = REPO_ROOT): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [resolve(root, entry)];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) queue.push(resolve(dirname(file), m[1]));
  }
  return [...seen].map((f) => relative(root, f)).sort();
}

/** Package directories (node_modules/...) of `names` and every runtime dependency, as Node resolves them. */
export async function packageClosure(names = AGENT_PACKAGES, root = REPO_ROOT): Promise<string[]> {
  const seen = new Set<string>();
  const queue = names.map((n) => ({ name: n, from: root }));
  while (queue.length) {
    const { name, from } = queue.pop()!;
    let dir: string | undefined;
    for (let d = from; ; d = dirname(d)) {
      const candidate = join(d, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) {
        dir = candidate;
        break;
      }
      if (d === root || dirname(d) === d) break;
    }
    if (!dir) throw new Error(`package ${name} (needed by the load agent) is not installed under ${root}/node_modules`);
    if (seen.has(dir)) continue;
    seen.add(dir);
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(pkg.dependencies ?? {})) queue.push({ name: dep, from: dir });
  }
  return [...seen].map((d) => relative(root, d)).sort();
}

/** Every file under `dir` (repository-relative), sorted. */
export async function filesUnder(dir: string, root = REPO_ROOT): Promise<string[]> {
  const entries = await readdir(resolve(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}
