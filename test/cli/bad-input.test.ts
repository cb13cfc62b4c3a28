import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
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

  it('an unknown disruption', async () => {
    const r = await runCli(['run', '--disruption', 'explode']);
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toContain('--disruption');
  });
});
