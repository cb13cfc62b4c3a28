import { describe, expect, it } from 'vitest';
import { readThresholdsFile } from '../../src/metrics/threshold-spec.ts';
import { readScenarioFile } from '../../src/scenario/read-scenario-file.ts';
import { readYamlDocument } from '../../src/yaml/read-yaml-documents.ts';
import { errorOf, tempDir } from './tmp-files.ts';

const { write } = tempDir();
const head = 'description: d\nexpected: lossless\n';

describe('thresholds in scenario.yaml and in a --thresholds file', () => {
  it('reads scenario.yaml thresholds with their scopes; none gives an empty list', () => {
    const file = write('scenario.yaml', `${head}thresholds:\n  failed: 0\n  new-connection:\n    disruption: { p99: '< 300' }\n`);
    expect(readScenarioFile(file).thresholds).toEqual([
      { metric: 'failed', op: '<=', value: 0, stream: undefined, phase: undefined, source: 'failed' },
      { metric: 'p99', op: '<', value: 300, stream: 'new-connection', phase: 'disruption', source: 'new-connection.disruption.p99' },
    ]);
    expect(readScenarioFile(write('scenario.yaml', head)).thresholds).toEqual([]);
  });

  it('names the file and the key path of a bad threshold in scenario.yaml', () => {
    const file = write('scenario.yaml', `${head}thresholds:\n  disruption:\n    p99: fast\n`);
    expect(errorOf(() => readScenarioFile(file)).oneLine()).toMatch(
      /scenario\.yaml: thresholds\.disruption\.p99: must be a number or a condition/,
    );
    const notMap = write('scenario.yaml', `${head}thresholds: 3\n`);
    expect(errorOf(() => readScenarioFile(notMap)).oneLine()).toMatch(/scenario\.yaml: thresholds: must be (a map|an object)/);
  });

  it('a --thresholds file holds exactly one key, thresholds', () => {
    const good = write('t.yaml', 'thresholds:\n  failed: 0\n');
    expect(readThresholdsFile(good, readYamlDocument)).toHaveLength(1);
    const bad = write('t.yaml', 'failed: 0\n');
    expect(errorOf(() => readThresholdsFile(bad, readYamlDocument)).oneLine()).toMatch(
      /t\.yaml: \(top level\): must hold one key, thresholds/,
    );
  });
});
