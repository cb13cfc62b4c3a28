import { describe, expect, it } from 'vitest';
import { type CheckResult, checkExitCode, checkTargets, type Finding, formatCheck, scenarioTarget } from '../../src/check/index.ts';
import { findScenarioRoot } from '../../src/scenario/index.ts';

const finding = (id: string, severity: Finding['severity']): Finding => ({
  id,
  severity,
  title: `${id} title`,
  evidence: [{ file: 'm.yaml', line: 3, text: 'x: 1' }, { file: 'Dockerfile' }],
  fix: `${id} fix`,
  mechanism: `${id} mechanism.`,
});

describe('formatCheck', () => {
  it('prints each finding with its evidence, mechanism, fix and the failed proof lines that name it', () => {
    const results: CheckResult[] = [
      {
        target: 'app',
        findings: [finding('shell-pid1', 'error'), finding('no-pdb', 'warning')],
        proof: {
          image: 'zerodrop/app:dev',
          results: [
            { check: 'pid1', ok: true, line: 'PID 1: node server.ts', details: {} },
            { check: 'sigterm', ok: false, line: 'SIGTERM ignored: SIGKILL at 5 s', finding: 'shell-pid1', details: {} },
          ],
        },
      },
    ];
    const lines = formatCheck(results).split('\n');
    expect(lines[0]).toBe('app: 1 error, 1 warning');
    expect(lines).toContain('  ERROR   shell-pid1: shell-pid1 title');
    expect(lines).toContain('          at m.yaml:3  x: 1');
    expect(lines).toContain('          at Dockerfile');
    expect(lines).toContain('          why: shell-pid1 mechanism.');
    expect(lines).toContain('          fix: shell-pid1 fix');
    expect(lines.filter((l) => l.includes('proven:'))).toEqual(['          proven: SIGTERM ignored: SIGKILL at 5 s']);
    expect(lines.indexOf('          proven: SIGTERM ignored: SIGKILL at 5 s')).toBeLessThan(
      lines.indexOf('  WARNING no-pdb: no-pdb title'),
    );
    expect(lines).toContain('  proof (zerodrop/app:dev):');
    expect(lines).toContain('    ok   PID 1: node server.ts');
    expect(lines).toContain('    FAIL SIGTERM ignored: SIGKILL at 5 s');
    expect(lines.at(-1)).toBe('1 target checked: 1 error, 1 warning');
  });

  it('a skipped proof is one line, and the exit code follows error-level findings only', async () => {
    const results = await checkTargets([await scenarioTarget(findScenarioRoot(), 'exec-entrypoint')], { proof: false });
    expect(
      formatCheck(results)
        .split('\n')
        .filter((l) => l.includes('proof')),
    ).toEqual(['  proof skipped: proof not run (--no-proof)']);
    expect(checkExitCode(results)).toBe(0);
    expect(checkExitCode([{ ...results[0], findings: [finding('shell-pid1', 'error')] }])).toBe(1);
    expect(checkExitCode([{ ...results[0], findings: [finding('x', 'warning'), finding('y', 'info')] }])).toBe(0);
  });
});
