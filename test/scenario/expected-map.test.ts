import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeExpected, expectedFor, readScenarioFile } from '../../src/scenario/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { errorOf, tempDir } from './tmp-files.ts';

const tmp = tempDir();
const file = (expected: string, disruptions = '') => tmp.write('scenario.yaml', `description: d\nexpected: ${expected}\n${disruptions}`);
const MAP = '{ rollout: lossless, delete: lossless, drain: lossy, scale-down: lossless }';

describe('expected: one verdict per disruption', () => {
  it("a map resolves for the run's disruption; without one, for the first disruption listed", () => {
    const s = readScenarioFile(file(MAP));
    expect(s.expected).toEqual({ rollout: 'lossless', delete: 'lossless', drain: 'lossy', 'scale-down': 'lossless' });
    expect(expectedFor(s, 'drain')).toBe('lossy');
    expect(expectedFor(s, 'delete')).toBe('lossless');
    expect(expectedFor(s)).toBe('lossless');
    expect(expectedFor(readScenarioFile(file('{ drain: lossy, delete: any }', 'disruptions: [drain, delete]\n')))).toBe('lossy');
    expect(expectedFor(readScenarioFile(file('lossy')), 'drain')).toBe('lossy');
    expect(describeExpected(s.expected)).toBe('rollout: lossless, delete: lossless, drain: lossy, scale-down: lossless');
    expect(describeExpected('any')).toBe('any');
  });

  it('a verdict for a disruption the scenario does not list is one line naming the file and field, exit 2', () => {
    const e = errorOf(() => readScenarioFile(file('{ rollout: lossy, drain: lossy }', 'disruptions: [rollout]\n')));
    expect(e.exitCode).toBe(2);
    expect(e.oneLine()).toMatch(/scenario\.yaml: expected\.drain: drain is not among the scenario's disruptions \(rollout\) \(line 2\)$/);
  });

  it('zerodrop list shows a map as one line per disruption, and a bad map exits 2 with one line', async () => {
    const good = join(tmp.dir, 'good', 'split');
    mkdirSync(good, { recursive: true });
    writeFileSync(join(good, 'scenario.yaml'), `description: d\nexpected: ${MAP}\n`);
    const list = await runCli(['list', '--scenario-dir', join(tmp.dir, 'good')]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/rollout: lossless[^\n]*\n[^\n]*delete: lossless[^\n]*\n[^\n]*drain: lossy/);
    const json = await runCli(['list', '--json', '--scenario-dir', join(tmp.dir, 'good')]);
    expect(JSON.parse(json.stdout)[0].expected).toEqual({
      rollout: 'lossless',
      delete: 'lossless',
      drain: 'lossy',
      'scale-down': 'lossless',
    });

    const bad = join(tmp.dir, 'bad', 'split');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'scenario.yaml'), 'description: d\nexpected: { rollout: lossless, delete: lossless, reboot: lossy }\n');
    const r = await runCli(['list', '--scenario-dir', join(tmp.dir, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /split\/scenario\.yaml: expected\.reboot: unknown disruption, must be one of rollout, delete, drain, scale-down \(line 2\)/,
    );
  });
});
