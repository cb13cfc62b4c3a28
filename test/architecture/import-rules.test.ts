import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';
import rules, { FLOORS } from '../../.dependency-cruiser.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Cruises `dirs` under `root` with the house's rules; returns the rule names broken, `from → to`. */
async function violations(root: string, dirs: string[]): Promise<string[]> {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const result = await cruise(dirs, { ruleSet: { forbidden: rules.forbidden }, ...rules.options, validate: true });
    const output = result.output as ICruiseResult;
    return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
  } finally {
    process.chdir(cwd);
  }
}

describe('the import rules (.dependency-cruiser.mjs)', () => {
  const temps: string[] = [];
  afterAll(async () => {
    for (const t of temps) await rm(t, { recursive: true, force: true });
  });

  it('hold on the code as it is: no circle, no upward import, every module entered through its index.ts', async () => {
    expect(await violations(ROOT, ['src', 'scripts', 'bench', 'bin'])).toEqual([]);
  });

  it('name every folder under src/ on a floor', async () => {
    const { readdir } = await import('node:fs/promises');
    const entries = (await readdir(join(ROOT, 'src'), { withFileTypes: true })).map((e) => (e.isDirectory() ? e.name : e.name));
    const placed = new Set(FLOORS.flat());
    const unplaced = entries.filter((e) => !placed.has(e) && e !== 'index.ts' && !(e === 'api'));
    expect(unplaced).toEqual([]);
  });

  it('fail on an import that runs back up a floor, on a circle and on a reach behind a module front', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'zerodrop-rules-'));
    temps.push(copy);
    await cp(join(ROOT, 'src'), join(copy, 'src'), { recursive: true });
    // util/ is on the second floor; run/ far above it.
    await writeFile(join(copy, 'src/util/upward.ts'), "import { executeRun } from '../run/index.ts';\nexport const upward = executeRun;\n");
    // A circle between two new files of one module.
    await writeFile(join(copy, 'src/util/circle-a.ts'), "import { b } from './circle-b.ts';\nexport const a = () => b;\n");
    await writeFile(join(copy, 'src/util/circle-b.ts'), "import { a } from './circle-a.ts';\nexport const b = () => a;\n");
    // metrics/ reaching into a file of load/ instead of load/index.ts.
    await writeFile(join(copy, 'src/metrics/behind-front.ts'), "import { STREAMS } from '../load/types.ts';\nexport const s = STREAMS;\n");
    const found = await violations(copy, ['src']);
    expect(found).toContain('floor-util: src/util/upward.ts → src/run/index.ts');
    expect(found.some((v) => v.startsWith('no-circular: src/util/circle-'))).toBe(true);
    expect(found).toContain('front-load: src/metrics/behind-front.ts → src/load/types.ts');
    expect(found).toHaveLength(3);
  });

  it('keep the load agent image free of code outside load/, k8s/, errors/ and util/', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'zerodrop-rules-'));
    temps.push(copy);
    await cp(join(ROOT, 'src'), join(copy, 'src'), { recursive: true });
    await writeFile(join(copy, 'src/util/uses-timeline.ts'), "import { PHASES } from '../timeline/index.ts';\nexport const p = PHASES;\n");
    const { readFile } = await import('node:fs/promises');
    const index = join(copy, 'src/util/index.ts');
    await writeFile(index, `${await readFile(index, 'utf8')}export { p } from './uses-timeline.ts';\n`);
    const found = await violations(copy, ['src']);
    expect(found).toContain('load-agent-closure: src/load/agent/agent-main.ts → src/timeline/index.ts');
  });
});
