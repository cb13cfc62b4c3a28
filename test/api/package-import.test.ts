import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A consumer's script: imports the package by name, runs one scenario, prints one JSON line and nothing else. */
const SCRIPT = `import { run, ExitCode, ZerodropError } from 'zerodrop';
const r = await run({
  scenarios: ['prestop-sleep'], provider: 'local', disruption: 'delete', outDir: process.argv[2],
  load: { baselineSeconds: 1, recoverySeconds: 1 },
});
console.log(JSON.stringify({
  exitCode: r.exitCode, ok: ExitCode.Ok, errorClass: typeof ZerodropError,
  verdicts: r.report.scenarios.map((s) => ({ name: s.name, verdict: s.verdict, expected: s.expected, met: s.met })),
  files: r.files,
}));
`;

/**
 * A project that depends on zerodrop (node_modules/zerodrop: a symlink to this repository, as
 * \`npm link\` or a workspace makes it): \`import ... from 'zerodrop'\` resolves through package.json's
 * exports to src/index.ts, which the pinned Node 24 runs with its type stripping.
 */
describe('zerodrop as a package', () => {
  it("a project imports run and ExitCode from 'zerodrop' and runs prestop-sleep on the embedded runtime; the library prints nothing", async () => {
    const project = await mkdtemp(join(tmpdir(), 'zerodrop-consumer-'));
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await mkdir(join(project, 'node_modules'));
    await symlink(ROOT, join(project, 'node_modules', 'zerodrop'), 'dir');
    await writeFile(join(project, 'consumer.mjs'), SCRIPT);
    const out = join(project, 'report');
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['consumer.mjs', out], { cwd: project, timeout: 120_000 });
    const lines = stdout.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    const r = JSON.parse(lines[0]) as {
      exitCode: number;
      ok: number;
      errorClass: string;
      verdicts: { name: string; verdict: string; expected: string; met: boolean }[];
      files: string[];
    };
    expect(r.errorClass).toBe('function');
    expect(r.verdicts).toEqual([{ name: 'prestop-sleep', verdict: 'lossless', expected: 'lossless', met: true }]);
    expect(r.exitCode).toBe(r.ok);
    expect(r.files).toContain(join(out, 'report.json'));
  }, 150_000);
});
