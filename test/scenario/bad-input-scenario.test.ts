import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLoad, DEFAULT_LOAD, readScenarioFile } from '../../src/scenario/index.ts';
import { errorOf, tempDir } from './tmp-files.ts';

const REFERENCE = readFileSync(fileURLToPath(new URL('../../scenarios/prestop-sleep/scenario.yaml', import.meta.url)), 'utf8');
const tmp = tempDir();
/** scenario.yaml of prestop-sleep with one line replaced. */
const variant = (from: string, to: string) => {
  if (!REFERENCE.includes(from)) throw new Error(`reference lacks ${from}`);
  return tmp.write('scenario.yaml', REFERENCE.replace(from, to));
};
const fail = (file: string) => errorOf(() => readScenarioFile(file));

describe('scenario.yaml bad input (issue 8, section 4)', () => {
  it('the reference loads', () => {
    expect(readScenarioFile(tmp.write('scenario.yaml', REFERENCE)).load.rate).toBe(100);
  });

  it.each([
    ['rate: 100', 'rate: 1e12', 'load.rate', 'between 1 and 100000, got 1000000000000'],
    ['rate: 100', 'maxConnections: 1e9', 'load.maxConnections', 'between 0 and 100000'],
    ['baselineSeconds: 3', 'baselineSeconds: 1e9', 'load.baselineSeconds', 'between 0 and 3600'],
    ['recoverySeconds: 3', 'recoverySeconds: 1e9', 'load.recoverySeconds', 'between 0 and 3600'],
    ['timeoutMs: 2000', 'timeoutMs: 1e15', 'load.timeoutMs', 'between 1 and 600000'],
    ['reconnectEvery: 0', 'reconnectEvery: 1e12', 'load.reconnectEvery', 'between 0 and 1000000'],
    ['rate: 100', 'rate: 0.0001', 'load.rate', 'between 1 and 100000, got 0.0001'],
    ['rate: 100', 'rate: 1.5', 'load.rate', 'keep-alive stream 0.75 requests/s'],
    ['rate: 100', 'rate: .inf', 'load.rate', 'must be a number, got Infinity'],
    ['rate: 100', 'rate: "100"', 'load.rate', 'must be a number, got "100"'],
    ['path: /', 'path: "/a b"', 'load.path', 'no spaces'],
    ['path: /', 'path: "/a\\nb"', 'load.path', 'got "\\n" at position 2'],
    ['path: /', 'path: /LONG', 'load.path', 'at most 2048 characters'],
    ['path: /', 'path: a', 'load.path', 'must start with /'],
    [
      'expected: lossless',
      'expected: { rollout: lossy, delete: lossy, reboot: lossy }',
      'expected.reboot',
      'unknown disruption, must be one of rollout, delete, drain, scale-down (line 5)',
    ],
    [
      'expected: lossless',
      'expected: { rollout: lossy, delete: lossy, drain: lossier }',
      'expected.drain',
      'must be one of lossless, lossy, any, got "lossier" (line 5)',
    ],
    [
      'expected: lossless',
      'expected: 3',
      'expected',
      'must be lossless, lossy or any, or a map from disruption (rollout, delete, drain, scale-down) to one of them, got 3',
    ],
    [
      'expected: lossless',
      'expected: {}',
      'expected',
      'or a map from disruption (rollout, delete, drain, scale-down) to one of them, got {}',
    ],
    [
      'expected: lossless',
      'expected: { rollout: lossy, delete: lossy }',
      'expected',
      'has no verdict for drain, which the scenario supports (disruptions: rollout, delete, drain, scale-down)',
    ],
  ])('%s -> %s', (from, to, field, message) => {
    const file = variant(from, to.replace('LONG', 'a'.repeat(10_000)));
    const e = fail(file);
    expect(e.exitCode).toBe(2);
    expect(e.field).toBe(field);
    expect(e.file).toBe(file);
    expect(e.message).toContain(message);
    expect(e.oneLine()).not.toContain('\n');
  });

  it.each([
    ['description: >-', 'description: 123\nx: >-', 'description', 'must be a string, got 123'],
    ['description: >-', 'description: null\nx: >-', 'description', 'must be a string, got null'],
    ['expected: lossless', 'expected: lossless\nwhy2: 1', 'why2', 'unknown field'],
    ['why: >-', 'why: 123\nx: >-', 'why', 'must be a string'],
  ])('non-string text: %s -> %s', (from, to, field, message) => {
    const e = fail(tmp.write('scenario.yaml', REFERENCE.replace(from, to).replace(/\nx: >-[^]*?(?=\n[a-z])/, '')));
    expect(e.field).toBe(field);
    expect(e.message).toContain(message);
  });

  it('an undefined alias and an unknown tag name the file, field and line', () => {
    const alias = fail(variant('path: /', 'path: *nowhere'));
    expect(alias.oneLine()).toMatch(/scenario\.yaml: load\.path: invalid YAML: undefined alias \*nowhere .*\(line \d+\)$/);
    const tag = fail(variant('rate: 100', 'rate: !custom 100'));
    expect(tag.oneLine()).toMatch(/scenario\.yaml: load\.rate: invalid YAML: unknown tag: !custom \(line \d+\)$/);
    expect(fail(variant('expected: lossless', 'expected: !custom lossless')).field).toBe('expected');
  });

  it('a map or sequence as a key is one line naming file and line, not a process warning (issue 16)', () => {
    const top = fail(tmp.write('scenario.yaml', `${REFERENCE}? [a, b]\n: 1\n`));
    const line = REFERENCE.split('\n').length;
    expect(top.oneLine()).toBe(
      `${top.file}: line ${line}: invalid YAML: a sequence as a mapping key is not supported (keys are plain strings)`,
    );
    const inLoad = fail(variant('  rate: 100', '  ? { a: 1 }\n  : 2\n  rate: 100'));
    expect(inLoad.field).toBe('load');
    expect(inLoad.message).toMatch(/^invalid YAML: a map as a mapping key is not supported .*\(line \d+\)$/);
  });

  it('a NUL byte names file and line; a NUL character (\\0) names file, field and line (issue 16)', () => {
    const byte = fail(variant('expected: lossless', 'expected: loss\0less'));
    expect(byte.oneLine()).toBe(`${byte.file}: line 5: contains a NUL byte: input files are text`);
    const escaped = fail(variant('expected: lossless', 'expected: "loss\\0less"'));
    expect(escaped.oneLine()).toBe(
      `${escaped.file}: expected: invalid YAML: contains a NUL character (\\0), which no field allows (line 5)`,
    );
    const description = fail(tmp.write('scenario.yaml', REFERENCE.replace(/^description: >-\n( {2}.*\n)*/, 'description: "a\\0b"\n')));
    expect(description.field).toBe('description');
  });

  it('a FIFO is refused at once and a 5 MB file is refused by size, both naming the file', () => {
    const fifo = join(tmp.dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    const e = fail(fifo);
    expect(e.oneLine()).toBe(`${fifo}: is a FIFO, not a regular file`);
    const big = tmp.write('scenario.yaml', `${REFERENCE}\n#${'x'.repeat(5_000_000)}\n`);
    expect(fail(big).oneLine()).toMatch(/scenario\.yaml: is \d+ bytes, larger than the 1048576-byte limit$/);
    expect(fail(tmp.dir).message).toBe('is a directory, not a file');
  });

  it('checkLoad names the source it is given, for values that bypass the schema', () => {
    const src = (field: string) => ({ field: `--${field}` });
    const check = (over: object) => errorOf(() => checkLoad({ ...DEFAULT_LOAD, ...over }, src));
    expect(check({ rate: 1 }).oneLine()).toMatch(/^--rate: 1 requests\/s gives the keep-alive stream 0\.5/);
    expect(() => checkLoad({ ...DEFAULT_LOAD, rate: 1, streams: ['keep-alive'] }, src)).not.toThrow();
    expect(check({ timeoutMs: 2 ** 31 }).field).toBe('--timeoutMs');
    expect(check({ baselineSeconds: Number.NaN }).field).toBe('--baselineSeconds');
    expect(check({ keepAlivePercent: 0, streams: ['new-connection'], rate: 0.5 }).field).toBe('--rate');
    expect(check({ path: '/x\u00e9' }).field).toBe('--path');
  });
});
