import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/check/index.ts';
import { runCli } from '../cli/run-cli.ts';

/** `zerodrop check` as a subprocess (static rules only: --no-proof): exit codes 0, 1, 2 and --json. */
const FIX = 'test/check/fixtures';

function expectOneLineError(r: { code: number | null; stdout: string; stderr: string }, names: string): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^zerodrop: /);
  expect(lines[0]).toContain(names);
}

describe('zerodrop check', () => {
  it('shell-entrypoint exits 1 with the PID-1 finding at its start.sh line', async () => {
    const r = await runCli(['check', 'shell-entrypoint', '--no-proof']);
    const line =
      readFileSync('scenarios/shell-entrypoint/start.sh', 'utf8')
        .split('\n')
        .findIndex((l) => /^node /.test(l)) + 1;
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ERROR   shell-pid1:');
    expect(r.stdout).toContain(`at scenarios/shell-entrypoint/start.sh:${line}  node server.ts`);
    expect(r.stdout).toContain('proof skipped: proof not run (--no-proof)');
  });

  it('prestop-sleep and trap-forward exit 0', async () => {
    const r = await runCli(['check', 'prestop-sleep', 'trap-forward', '--no-proof']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('prestop-sleep: no findings');
    expect(r.stdout).toContain('trap-forward: no findings');
    expect(r.stdout).toContain('2 targets checked: no findings');
  });

  it('--json prints one document with the findings and the proof report of each target', async () => {
    const r = await runCli(['check', 'exec-entrypoint', 'no-probe', '--no-proof', '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { results: CheckResult[] };
    expect(doc.results.map((x) => [x.target, x.findings.map((f) => `${f.severity} ${f.id}`)])).toEqual([
      ['exec-entrypoint', ['warning no-prestop']],
      ['no-probe', ['error no-readiness-probe']],
    ]);
    const container =
      readFileSync('scenarios/no-probe/manifest.yaml', 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('- name: app')) + 1;
    expect(doc.results[1].findings[0].evidence[0]).toMatchObject({ file: 'scenarios/no-probe/manifest.yaml', line: container });
    for (const x of doc.results) expect(x.proof).toEqual({ skipped: 'proof not run (--no-proof)', results: [] });
  });

  it("--manifest FILE --image IMAGE checks a user's own Deployment: 1 with an error finding, 0 without", async () => {
    const bad = await runCli([
      'check',
      '--manifest',
      `${FIX}/manifests/max-unavailable.yaml`,
      '--image',
      'example/app:2',
      '--no-proof',
      '--json',
    ]);
    expect(bad.code).toBe(1);
    const doc = JSON.parse(bad.stdout) as { results: CheckResult[] };
    expect(doc.results.map((x) => x.target)).toEqual(['max-unavailable']);
    expect(doc.results[0].findings.map((f) => f.id)).toEqual(['rollout-drops-capacity', 'single-replica']);
    const good = await runCli(['check', '--manifest', `${FIX}/manifests/no-pdb.yaml`, '--image', 'example/app:2', '--no-proof']);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('WARNING no-pdb:');
  });

  it("--scenario-dir: a catalogue of one's own (the image fixtures)", async () => {
    const r = await runCli(['check', 'tini-shell', '--scenario-dir', `${FIX}/images`, '--no-proof']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ERROR   tini-no-group:');
  });

  it('bad input: one line naming the field or file, exit 2, no stack trace', async () => {
    expectOneLineError(await runCli(['check', '--image', 'example/app:2', '--no-proof']), '--image');
    expectOneLineError(await runCli(['check', 'no-such-scenario', '--no-proof']), 'unknown scenario "no-such-scenario"');
    expectOneLineError(await runCli(['check', '--manifest', `${FIX}/missing.yaml`, '--no-proof']), `${FIX}/missing.yaml`);
  });
});
