import { describe, expect, it } from 'vitest';
import type { ZerodropError } from '../../src/errors/zerodrop-error.ts';
import { readScenarioFile } from '../../src/scenario/index.ts';
import { errorOf, tempDir } from './tmp-files.ts';

const tmp = tempDir();

const fileError = (text: string): ZerodropError => errorOf(() => readScenarioFile(tmp.write('scenario.yaml', text)));

describe('readScenarioFile', () => {
  it('applies defaults to what scenario.yaml leaves out', () => {
    const s = readScenarioFile(tmp.write('scenario.yaml', 'description: d\nexpected: lossy\nload: { rate: 50 }\n'));
    expect(s).toEqual({
      description: 'd',
      expected: 'lossy',
      load: {
        rate: 50,
        streams: ['keep-alive', 'new-connection'],
        keepAlivePercent: 50,
        maxConnections: 0,
        timeoutMs: 2000,
        reconnectEvery: 0,
        poolOrder: 'lifo',
        idleCloseMs: 2000,
        baselineSeconds: 3,
        recoverySeconds: 3,
        path: '/',
      },
      disruptions: ['rollout', 'delete', 'drain', 'scale-down'],
      thresholds: [],
    });
  });

  it('names file and field of the first problem', () => {
    const rate = fileError('description: d\nexpected: lossy\nload: { rate: 0 }\n');
    expect(rate.file).toMatch(/scenario\.yaml$/);
    expect(rate.field).toBe('load.rate');
    expect(rate.oneLine()).toMatch(/scenario\.yaml: load\.rate: must be between 1 and 100000, got 0 \(line 3\)$/);
    expect(fileError('description: d\nexpected: maybe\n')).toMatchObject({
      field: 'expected',
      message: 'must be one of lossless, lossy, any, got "maybe" (line 2)',
    });
    expect(fileError('expected: lossy\n')).toMatchObject({ field: 'description', message: 'is required' });
    expect(fileError('description: d\nexpected: lossy\nload: { rtae: 5 }\n')).toMatchObject({
      field: 'load.rtae',
      message: 'unknown field (line 3)',
    });
    expect(fileError('description: d\nexpected: lossy\ndisruptions: [rollout, reboot]\n').field).toBe('disruptions[1]');
    expect(fileError('description: d\nexpected: lossy\nload: { path: nope }\n').field).toBe('load.path');
  });

  it('malformed YAML and empty files are one-line errors naming the file', () => {
    const bad = fileError('description: "unterminated\nexpected: lossy\n');
    expect(bad.message).toMatch(/^invalid YAML/);
    expect(bad.field).toMatch(/^line \d+$/);
    expect(bad.oneLine().split('\n')).toHaveLength(1);
    expect(fileError('').message).toBe('file is empty');
  });
});
