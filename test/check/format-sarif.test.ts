import { describe, expect, it } from 'vitest';
import { type CheckResult, type Finding, formatSarif, type SarifLog } from '../../src/check/index.ts';
import { expectValidSarif, validateSarif } from './sarif-schema.ts';

/** formatSarif on hand-built results, each log validated against the SARIF 2.1.0 schema. */
const finding = (id: string, severity: Finding['severity'], evidence: Finding['evidence']): Finding => ({
  id,
  severity,
  title: `${id} title`,
  evidence,
  fix: `${id} fix`,
  mechanism: `${id} mechanism.`,
});

const RESULTS: CheckResult[] = [
  {
    target: 'app',
    findings: [
      finding('shell-pid1', 'error', [{ file: 'deploy/start.sh', line: 3, text: 'node server.ts' }, { file: 'Dockerfile' }]),
      finding('fixed-bind-address', 'info', [{ file: 'my app/server.ts', text: 'listen(8080, "127.0.0.1")' }]),
    ],
    // A failed proof naming a finding the static rules did not report: a measurement, not a code location.
    proof: { results: [{ check: 'sigterm', ok: false, line: 'SIGTERM ignored', finding: 'keepalive-not-closed', details: {} }] },
  },
  { target: 'b', findings: [finding('shell-pid1', 'error', [{ file: '/abs/b/start.sh', line: 1 }])], proof: { results: [] } },
];

describe('formatSarif', () => {
  const log = formatSarif(RESULTS, { toolVersion: '9.8.7' });
  const [run] = log.runs;

  it('is a valid SARIF 2.1.0 log: one rule per distinct id, one result per finding, the levels mapped', () => {
    expectValidSarif(log);
    expect(run.tool.driver).toMatchObject({ name: 'zerodrop', version: '9.8.7' });
    expect(run.tool.driver.rules.map((r) => [r.id, r.name, r.defaultConfiguration.level])).toEqual([
      ['shell-pid1', 'ShellPid1', 'error'],
      ['fixed-bind-address', 'FixedBindAddress', 'note'],
    ]);
    expect(run.tool.driver.rules[1]).toMatchObject({
      shortDescription: { text: 'fixed-bind-address title' },
      fullDescription: { text: 'fixed-bind-address mechanism.' },
      help: { text: 'fixed-bind-address fix', markdown: 'fixed-bind-address mechanism.\n\n**Fix:** fixed-bind-address fix' },
    });
    expect(run.results.map((r) => [r.properties.target, r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['app', 'shell-pid1', 0, 'error'],
      ['app', 'fixed-bind-address', 1, 'note'],
      ['b', 'shell-pid1', 0, 'error'],
    ]);
    expect(run.results[0].message.text).toBe('shell-pid1 title. Fix: shell-pid1 fix');
  });

  it('locates every evidence: a region only with a line, relative paths on %SRCROOT%, absolute ones as file URIs', () => {
    expect(run.results[0].locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'deploy/start.sh', uriBaseId: '%SRCROOT%' },
          region: { startLine: 3, snippet: { text: 'node server.ts' } },
        },
      },
      { physicalLocation: { artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' } } },
    ]);
    expect(run.results[1].locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'my%20app/server.ts', uriBaseId: '%SRCROOT%' } },
        message: { text: 'listen(8080, "127.0.0.1")' },
      },
    ]);
    expect(run.results[2].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'file:///abs/b/start.sh' },
      region: { startLine: 1 },
    });
  });

  it('no findings: a valid log with no rules and no results', () => {
    const empty = formatSarif([{ target: 'ok', findings: [], proof: { results: [] } }], { toolVersion: '1.0.0' });
    expectValidSarif(empty);
    expect(empty.runs[0]).toMatchObject({ tool: { driver: { rules: [] } }, results: [] });
  });

  it('the validator rejects what SARIF forbids (so the checks above cannot pass vacuously)', () => {
    const broken = (edit: (l: SarifLog) => void): boolean => {
      const copy = structuredClone(log);
      edit(copy);
      return validateSarif(copy);
    };
    expect(broken(() => {})).toBe(true);
    expect(broken((l) => delete (l.runs[0].results[0] as { message?: unknown }).message)).toBe(false);
    expect(validateSarif.errors?.map((e) => e.message)).toContain("must have required property 'message'");
    expect(broken((l) => (l.runs[0].results[0].locations[0].physicalLocation.region!.startLine = 0))).toBe(false);
    expect(broken((l) => (l.runs[0].results[0].level = 'fatal' as 'error'))).toBe(false);
    expect(broken((l) => (l.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'a b'))).toBe(false);
    expect(broken((l) => ((l as { version: string }).version = '2.0.0'))).toBe(false);
  });
});
