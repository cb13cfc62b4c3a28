/**
 * zerodrop as users get it: `npm pack` (prepack builds dist/), the tarball installed into an empty
 * project with its production dependencies only, then the CLI and the library run from there on
 * Node 24 (this test's own) and on Node 22 (the `node` package from npm, pinned below).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE22 = '22.23.3';
const KUBECTL = ['/usr/local/bin/kubectl', '/usr/bin/kubectl'].find((p) => existsSync(p));
const VERSION = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function exec(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd: opts.cwd, env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 180_000, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A consumer's script: imports run, check and compare by the package's name, prints one JSON line. */
const CONSUMER = `import { run, check, compare } from 'zerodrop';
const out = process.argv[2];
const r = await run({ scenarios: ['prestop-sleep'], outDir: out, load: { baselineSeconds: 1, recoverySeconds: 1 } });
const c = await check({ scenarios: ['prestop-sleep'], proof: false });
const k = await compare({ base: out, next: out });
console.log(JSON.stringify({ verdicts: r.report.scenarios.map((s) => s.verdict), run: r.exitCode, check: c.exitCode, compare: k.exitCode }));
`;

/** The same calls, type-checked against the package's declarations (tsc, as a TypeScript user's build does). */
const TYPED = `import { type CheckResult, type RunResult, check, compare, run } from 'zerodrop';
const r: RunResult = await run({ scenarios: ['prestop-sleep'], provider: 'local' });
const c: CheckResult = await check({ proof: false });
const k: number = (await compare({ base: 'a', next: 'b' })).exitCode;
export const codes: number[] = [r.exitCode, c.exitCode, k];
`;

/** Lines a user would read as warnings (npm's EBADENGINE, Node's deprecation and experimental warnings). */
const warnings = (text: string) => text.split('\n').filter((l) => /warn/i.test(l));

describe('the packed package, installed into an empty project', () => {
  let project: string;
  let node22: string;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zerodrop-package-'));
    const packed = await exec('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT });
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = join(dir, packed.stdout.trim().split('\n').pop()!);
    project = join(dir, 'project');
    await mkdir(project);
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const installed = await exec('npm', ['install', tarball, '--omit=dev', '--no-audit', '--no-fund'], { cwd: project });
    expect(installed.code, installed.stderr).toBe(0);
    await writeFile(join(project, 'consumer.mjs'), CONSUMER);
    await writeFile(join(project, 'typed.ts'), TYPED);
    const n22 = join(dir, 'node22');
    await mkdir(n22);
    const got = await exec('npm', ['install', `node@${NODE22}`, '--no-audit', '--no-fund', '--silent'], { cwd: n22 });
    expect(got.code, got.stderr).toBe(0);
    node22 = join(n22, 'node_modules', '.bin', 'node');
  }, 240_000);

  it('ships built JavaScript with type declarations, the catalogue and the offline-cluster assets', async () => {
    const pkg = join(project, 'node_modules', 'zerodrop');
    for (const f of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'scenarios/prestop-sleep/manifest.yaml',
      'scenarios/_app/server.ts',
      'images/zerodrop/Dockerfile',
      'kind-config.yaml',
    ])
      expect(await readFile(join(pkg, f), 'utf8'), f).not.toBe('');
  });

  it("type-checks a TypeScript consumer of import { run, check, compare } from 'zerodrop'", async () => {
    const tsconfig = {
      compilerOptions: {
        target: 'es2024',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
      },
      files: ['typed.ts'],
    };
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
    const r = await exec(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
      cwd: project,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, 60_000);

  it.skipIf(!KUBECTL)(
    'kubectl zerodrop: the plugin name on PATH; its run acts on the kubeconfig (kubeconfig provider)',
    async () => {
      const env = {
        ...process.env,
        PATH: [join(project, 'node_modules', '.bin'), join(process.execPath, '..'), process.env.PATH].join(':'),
      };
      const list = await exec(KUBECTL!, ['zerodrop', 'list'], { cwd: project, env });
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toContain('prestop-sleep');
      const kubeconfig = join(project, 'no-such-kubeconfig');
      const run = await exec(KUBECTL!, ['zerodrop', 'run', 'prestop-sleep', '--dry-run', '--kubeconfig', kubeconfig], {
        cwd: project,
        env,
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`zerodrop: ${kubeconfig}: cannot load kubeconfig`);
    },
    60_000,
  );

  describe.each([
    ['24', () => process.execPath],
    ['22', () => node22],
  ])('on Node %s', (major, node) => {
    // The app's own `node` (the scenario image's entrypoint) is this Node too, as on a user's machine.
    const env = () => ({ ...process.env, PATH: `${join(node(), '..')}:${process.env.PATH}` });
    const cli = (args: string[]) =>
      exec(node(), [join(project, 'node_modules', 'zerodrop', 'bin', 'zerodrop.js'), ...args], { cwd: project, env: env() });

    it(`is Node ${major}`, async () => {
      expect((await exec(node(), ['--version'], { cwd: project })).stdout).toMatch(new RegExp(`^v${major}\\.`));
    });

    it('zerodrop --version, list and check prestop-sleep --no-proof, with no warning', async () => {
      const v = await cli(['--version']);
      expect([v.code, v.stdout.trim()]).toEqual([0, VERSION]);
      const list = await cli(['list']);
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toContain('prestop-sleep');
      const check = await cli(['check', 'prestop-sleep', '--no-proof']);
      expect(check.code, check.stderr).toBe(0);
      expect(warnings(v.stderr + list.stderr + check.stderr)).toEqual([]);
    }, 60_000);

    it('zerodrop run prestop-sleep on the embedded runtime: lossless, with no warning', async () => {
      const out = join(project, `report-cli-${major}`);
      const r = await cli(['run', 'prestop-sleep', '--baseline-seconds', '1', '--recovery-seconds', '1', '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { scenarios: { verdict: string }[] };
      expect(report.scenarios.map((s) => s.verdict)).toEqual(['lossless']);
      expect(warnings(r.stderr)).toEqual([]);
    }, 120_000);

    it("a script's import { run, check, compare } from 'zerodrop' runs", async () => {
      const r = await exec(node(), ['consumer.mjs', join(project, `report-lib-${major}`)], { cwd: project, env: env() });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout.trim())).toEqual({ verdicts: ['lossless'], run: 0, check: 0, compare: 0 });
      expect(warnings(r.stderr)).toEqual([]);
    }, 120_000);
  });
});
