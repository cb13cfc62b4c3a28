import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CheckResult, SarifLog } from '../../src/check/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { expectValidSarif } from './sarif-schema.ts';

/** `zerodrop check --format sarif` as a subprocess (--no-proof), its log validated against the SARIF 2.1.0 schema. */
const lineOf = (file: string, re: RegExp): number =>
  readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => re.test(l)) + 1;

describe('zerodrop check --format sarif', () => {
  it('writes a valid SARIF 2.1.0 log with a rule per finding id and a located result per finding', async () => {
    const r = await runCli([
      'check',
      'shell-entrypoint',
      'exec-entrypoint',
      'no-probe',
      'prestop-sleep',
      '--no-proof',
      '--format',
      'sarif',
    ]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as SarifLog;
    expectValidSarif(log);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    const { driver } = log.runs[0].tool;
    const { results } = log.runs[0];
    expect(driver.name).toBe('zerodrop');
    expect(driver.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(results.map((x) => [x.properties.target, x.ruleId, x.level])).toEqual(
      expect.arrayContaining([
        ['shell-entrypoint', 'shell-pid1', 'error'],
        ['exec-entrypoint', 'no-prestop', 'warning'],
        ['no-probe', 'no-readiness-probe', 'error'],
      ]),
    );
    expect(results.some((x) => x.properties.target === 'prestop-sleep')).toBe(false);
    // One rule per distinct id, and every result's ruleIndex points at its rule.
    const ids = driver.rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(results.map((x) => x.ruleId))).toEqual(new Set(ids));
    for (const x of results) expect(driver.rules[x.ruleIndex].id).toBe(x.ruleId);
    const pid1Rule = driver.rules[ids.indexOf('shell-pid1')];
    expect(pid1Rule).toMatchObject({ name: 'ShellPid1', defaultConfiguration: { level: 'error' } });
    expect(pid1Rule.properties.tags).toEqual(['zero-downtime', 'kubernetes']);
    const pid1 = results.find((x) => x.ruleId === 'shell-pid1')!;
    expect(pid1.message.text).toContain(' Fix: ');
    expect(pid1.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'scenarios/shell-entrypoint/start.sh', uriBaseId: '%SRCROOT%' },
      region: { startLine: lineOf('scenarios/shell-entrypoint/start.sh', /^node /), snippet: { text: 'node server.ts' } },
    });
  });

  it('--format yaml: one line naming --format, exit 2', async () => {
    const r = await runCli(['check', 'no-probe', '--no-proof', '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^zerodrop: --format: /);
  });

  it('--json is --format json; both at once must agree', async () => {
    const r = await runCli(['check', 'no-probe', '--no-proof', '--format', 'json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { results: CheckResult[] }).results[0].findings[0].id).toBe('no-readiness-probe');
    const both = await runCli(['check', 'no-probe', '--no-proof', '--json', '--format', 'sarif']);
    expect(both.code).toBe(2);
    expect(both.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^zerodrop: --json: /)]);
  });
});
