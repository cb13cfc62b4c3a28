import { cp, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const SCENARIOS = fileURLToPath(new URL('../../scenarios', import.meta.url));

/** A one-line error: exactly one `zerodrop:` line on stderr (besides progress lines) and no stack frames. */
function expectOneLine(stderr: string) {
  const lines = stderr.split('\n').filter((l) => l.trim() && !/^\[\d+\.\ds\] /.test(l));
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  return lines[0];
}

describe('bad input: one line naming file and field, exit code 2', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'zerodrop-cli-'));
    await cp(SCENARIOS, root, { recursive: true });
  });

  it('an unknown scenario', async () => {
    const r = await runCli(['run', 'no-such-scenario', '--scenario-dir', root]);
    expect(r.code).toBe(2);
    const line = expectOneLine(r.stderr);
    expect(line).toContain('no-such-scenario');
    expect(line).toContain('prestop-sleep');
  });

  it('malformed scenario.yaml', async () => {
    const file = join(root, 'shell-entrypoint', 'scenario.yaml');
    await writeFile(file, `${await readFile(file, 'utf8')}\nload: [unclosed\n`);
    const r = await runCli(['run', 'shell-entrypoint', '--scenario-dir', root]);
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toContain(file);
  });

  it('a manifest field the embedded runtime does not support', async () => {
    const file = join(root, 'exec-entrypoint', 'manifest.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/terminationGracePeriodSeconds:/, 'volumes: []\n      terminationGracePeriodSeconds:'));
    expect(await readFile(file, 'utf8')).toContain('volumes: []');
    const r = await runCli(['run', 'exec-entrypoint', '--scenario-dir', root]);
    expect(r.code).toBe(2);
    const line = expectOneLine(r.stderr);
    expect(line).toContain(file);
    expect(line).toContain('volumes');
  });

  it('a bad flag value names the flag; --verbose adds the stack', async () => {
    const r = await runCli(['run', '--repeat', '0']);
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toContain('--repeat');
    const v = await runCli(['run', 'no-such-scenario', '--verbose']);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/^\s+at /m);
  });

  it('a symbolic link loop as scenario directory, scenario or manifest names the path (issue 16)', async () => {
    const loops = join(root, '.loops');
    await mkdir(loops);
    await symlink(join(loops, 'b'), join(loops, 'a'));
    await symlink(join(loops, 'a'), join(loops, 'b'));
    await symlink(join(root, 'loop-y'), join(root, 'loop-x'));
    await symlink(join(root, 'loop-x'), join(root, 'loop-y'));
    const cases: [string[], string][] = [
      [['list', '--scenario-dir', join(loops, 'a')], join(loops, 'a')],
      [['run', 'loop-x', '--scenario-dir', root], join(root, 'loop-x')],
      [['run', '--manifest', join(loops, 'a')], join(loops, 'a')],
      [['check', '--manifest', join(loops, 'a'), '--no-proof'], join(loops, 'a')],
    ];
    for (const [argv, path] of cases) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(expectOneLine(r.stderr)).toMatch(new RegExp(`^zerodrop: ${path}: .*symbolic link loop`));
    }
  });

  it('check --manifest with a preStop hook without handler names file and field (issue 16)', async () => {
    const file = join(root, 'no-handler.yaml');
    const text = await readFile(join(root, 'prestop-sleep', 'manifest.yaml'), 'utf8');
    await writeFile(file, text.replace(/preStop:\n.*\n *sleep: \{ seconds: 3 \}/, 'preStop: {}'));
    const r = await runCli(['check', '--manifest', file, '--no-proof']);
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toMatch(
      new RegExp(
        `^zerodrop: ${file}: Deployment/prestop-sleep: spec\\.template\\.spec\\.containers\\[0\\]\\.lifecycle\\.preStop: must specify a handler type`,
      ),
    );
  });

  it('an unknown disruption', async () => {
    const r = await runCli(['run', '--disruption', 'explode']);
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toContain('--disruption');
  });
});
