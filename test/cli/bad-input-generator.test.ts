import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunFlags, registerRunCommand, runOptionsFrom } from '../../src/cli/run.ts';
import { createProvider } from '../../src/cluster/create-provider.ts';
import { ZerodropError } from '../../src/errors/zerodrop-error.ts';
import { resolveScenarios } from '../../src/run/resolve-scenarios.ts';
import { type Mutation, mutations } from './bad-input-mutations.ts';
import { runCli } from './run-cli.ts';

const SCENARIOS = fileURLToPath(new URL('../../scenarios', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'zerodrop-gen-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A fresh catalogue (_app + prestop-sleep) and a bring-your-own manifest, under `dir`. */
function setUp(dir: string) {
  const cat = join(dir, 'cat');
  for (const s of ['_app', 'prestop-sleep']) cpSync(join(SCENARIOS, s), join(cat, s), { recursive: true });
  const byo = join(dir, 'my-app.yaml');
  writeFileSync(byo, readFileSync(join(cat, 'prestop-sleep', 'manifest.yaml'), 'utf8').replaceAll('prestop-sleep', 'my-app'));
  return { cat, byo, out: join(dir, 'out') };
}

const base = setUp(join(work, 'base'));
const sources = {
  scenario: readFileSync(join(base.cat, 'prestop-sleep/scenario.yaml'), 'utf8'),
  manifest: readFileSync(join(base.cat, 'prestop-sleep/manifest.yaml'), 'utf8'),
  byo: readFileSync(base.byo, 'utf8'),
};
const CASES = mutations(sources);
const validFlags = (at: ReturnType<typeof setUp>) => [
  '--scenario-dir',
  at.cat,
  '--rate',
  '100',
  '--timeout',
  '2000',
  '--baseline-seconds',
  '1',
  '--recovery-seconds',
  '1',
  '--repeat',
  '1',
  '--out',
  at.out,
];

/** Applies a mutation to a catalogue; returns argv for `zerodrop` and the file the error must name. */
function apply(m: Mutation, at: ReturnType<typeof setUp>): { argv: string[]; file?: string } {
  let file: string | undefined;
  for (const [rel, text] of Object.entries(m.files ?? {})) writeFileSync((file = join(at.cat, rel)), text);
  if (m.byo !== undefined) writeFileSync((file = at.byo), m.byo);
  if (m.fifo) {
    file = join(at.cat, 'prestop-sleep/scenario.yaml');
    rmSync(file);
    execFileSync('mkfifo', [file]);
  }
  const names = m.names ?? (m.byo !== undefined ? [] : ['prestop-sleep']);
  const argv = ['run', ...names, ...validFlags(at), ...(m.byo !== undefined ? ['--manifest', at.byo] : []), ...(m.flags ?? [])];
  return { argv, file };
}

/** The library's validation path for argv: commander's parsers, checkFlags, then resolveScenarios; never a run. */
async function validate(argv: string[]): Promise<unknown> {
  const program = new Command('zerodrop').exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  registerRunCommand(program, () => {});
  let resolved: Promise<unknown> | undefined;
  const run = program.commands.find((c) => c.name() === 'run')!;
  run.exitOverride().action((names: string[], flags: RunFlags) => {
    const o = runOptionsFrom(names, flags);
    resolved = resolveScenarios(o, createProvider(o.provider, o.providerOptions));
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    await resolved;
  } catch (err) {
    return err;
  }
  return undefined;
}

function expectNamed(err: unknown, m: Mutation, file: string | undefined) {
  expect(err, `${m.id}: expected a ZerodropError, got ${String(err)}`).toBeInstanceOf(ZerodropError);
  const e = err as ZerodropError;
  expect(e.exitCode, m.id).toBe(2);
  const line = e.oneLine();
  expect(line, m.id).not.toMatch(/[\n\r]/);
  if (typeof m.field === 'string') expect(e.field ?? '', `${m.id}: ${line}`).toBe(m.field);
  else expect(e.field ?? '', `${m.id}: ${line}`).toMatch(m.field);
  if (file !== undefined) expect(line, m.id).toContain(file.replace(`${process.cwd()}/`, ''));
  else expect(e.field ?? e.file, m.id).toBeTruthy();
}

describe('bad-input generator: several hundred mutations, each one line naming file or flag and field, exit code 2', () => {
  it(`has several hundred distinct cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(300);
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
  });

  it('the unmutated flag set and files pass the same validation path', async () => {
    expect(await validate(apply({ id: 'none', field: '' }, base).argv)).toBeUndefined();
    expect(await validate(apply({ id: 'byo', byo: sources.byo, field: '' }, base).argv)).toBeUndefined();
  });

  it('every mutation is rejected by the library validation', async () => {
    const at = setUp(join(work, 'lib'));
    for (const m of CASES) {
      const { argv, file } = apply(m, at);
      expectNamed(await validate(argv), m, file);
      // Restore what this case changed.
      for (const rel of [...Object.keys(m.files ?? {}), ...(m.fifo ? ['prestop-sleep/scenario.yaml'] : [])]) {
        rmSync(join(at.cat, rel), { force: true });
        cpSync(join(base.cat, rel), join(at.cat, rel));
      }
      writeFileSync(at.byo, sources.byo);
    }
  }, 30_000);

  // A spread over every kind of mutation, through the real CLI.
  const CLI_IDS = [
    'load.rate: 1e12',
    'load.path: "/a b"',
    'load.rate: 0.0001',
    'load.timeoutMs: 1e12',
    'description: *nope',
    'why: !custom x',
    'manifest replicas: 0',
    '--manifest name: "../../../escape"',
    '--manifest minAvailable: "abc%"',
    '--baseline ""',
    '--image without --manifest',
    '--kubeconfig with local',
    '--out under /proc',
    'scenario name ".."',
    'scenario.yaml is a FIFO',
    '--rate 1 over both streams',
    // Issue 16.
    'manifest preStop: {}',
    '--manifest preStop: {}',
    'yaml: sequence key',
    'description: NUL byte',
    '--image ""',
  ];
  it.each(CLI_IDS)(
    'through the CLI: %s',
    async (id) => {
      const m = CASES.find((c) => c.id === id || c.id.startsWith(id));
      expect(m, id).toBeDefined();
      const at = setUp(mkdtempSync(join(work, 'cli-')));
      const { argv, file } = apply(m!, at);
      const r = await runCli(argv, { timeoutMs: 20_000 });
      expect(r.code, `${id}: ${r.stderr}`).toBe(2);
      const lines = r.stderr.split('\n').filter((l) => l.trim() && !/^\[\d+\.\ds\] /.test(l));
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^zerodrop: /);
      if (file !== undefined) expect(lines[0]).toContain(file);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stderr).not.toMatch(/TimeoutOverflowWarning|Warning:/);
      // Progress shows at most the first step: no provider started, nothing deployed.
      const steps = r.stderr
        .split('\n')
        .filter((l) => /^\[\d+\.\ds\] /.test(l))
        .map((l) => l.replace(/^\[\d+\.\ds\] /, ''));
      expect(
        steps.filter((s) => s !== 'load scenarios'),
        r.stderr,
      ).toEqual([]);
      expect(r.stdout).toBe('');
      expect(existsSync(at.out), 'no report directory').toBe(false);
    },
    30_000,
  );
});
