import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioTarget, staticCheck } from '../../src/check/index.ts';
import { findScenarioRoot, listScenarios } from '../../src/scenario/index.ts';

/** The static rules on the shipped catalogue: each lossy scenario gets the finding that explains it. */
const root = findScenarioRoot();
const check = async (name: string) => staticCheck(await scenarioTarget(root, name));
const ids = async (name: string) => (await check(name)).map((f) => `${f.severity} ${f.id}`);

describe('zerodrop check on the shipped scenarios (static rules)', () => {
  it('shell-entrypoint: shell-pid1, at the line of start.sh that runs node without exec', async () => {
    const [f, ...rest] = await check('shell-entrypoint');
    expect(rest).toEqual([]);
    expect([f.severity, f.id]).toEqual(['error', 'shell-pid1']);
    const script = readFileSync(`${root}/shell-entrypoint/start.sh`, 'utf8').split('\n');
    const line = script.findIndex((l) => /^node /.test(l)) + 1;
    expect(f.evidence[0]).toEqual({ file: 'scenarios/shell-entrypoint/start.sh', line, text: script[line - 1] });
    expect(f.evidence[1]).toMatchObject({ file: 'scenarios/shell-entrypoint/Dockerfile', text: 'ENTRYPOINT ["sh", "start.sh"]' });
  });

  it('prestop-sleep and trap-forward: nothing to report', async () => {
    expect(await check('prestop-sleep')).toEqual([]);
    expect(await check('trap-forward')).toEqual([]);
  });

  it('tini: tini-no-group, naming the ENTRYPOINT and the shared start.sh', async () => {
    const [f] = await check('tini');
    expect([f.severity, f.id]).toEqual(['error', 'tini-no-group']);
    expect(f.evidence.map((e) => e.file)).toEqual(['scenarios/tini/Dockerfile', 'scenarios/shell-entrypoint/start.sh']);
  });

  it('no-probe, tcp-probe and exec-entrypoint: their one difference', async () => {
    expect(await ids('no-probe')).toEqual(['error no-readiness-probe']);
    expect(await ids('tcp-probe')).toEqual(['warning tcp-readiness-probe']);
    expect(await ids('exec-entrypoint')).toEqual(['warning no-prestop']);
  });

  it("keepalive and short-grace: invisible to the static rules (the app's behaviour; the proof measures SIGTERM)", async () => {
    expect(await check('keepalive')).toEqual([]);
    expect(await check('short-grace')).toEqual([]);
  });

  it('the scenarios added later, where present: dumb-init, max-unavailable, nginx-quit, no-pdb', async () => {
    const present = new Set((await listScenarios(root)).map((s) => s.name));
    const explained: Record<string, string[]> = {
      'dumb-init': ['error init-shell-exits'],
      'max-unavailable': ['error rollout-drops-capacity', 'error single-replica'],
      'nginx-quit': ['warning prestop-too-short'],
      'no-pdb': ['warning no-pdb'],
    };
    for (const [name, expected] of Object.entries(explained)) {
      if (present.has(name)) expect(await ids(name), name).toEqual(expect.arrayContaining(expected));
    }
  });

  it('every lossless scenario of the catalogue has no error-level finding', async () => {
    for (const s of await listScenarios(root)) {
      if (s.expected !== 'lossless') continue;
      const errors = (await check(s.name)).filter((f) => f.severity === 'error').map((f) => f.id);
      expect(errors, s.name).toEqual([]);
    }
  });
});
