import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { boundingSetFromStatus, CAPABILITY_NAMES, missingCapabilities, parseCapMask } from '../../src/offline-cluster/capability-mask.ts';
import { daemonJsonWithWrapper, WRAPPER_RUNTIME_NAME, wrapperScript } from '../../src/offline-cluster/runc-wrapper.ts';

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('capability mask', () => {
  it('finds CAP_SYS_RESOURCE missing from the sandbox bounding set 0x1fffeffffff', () => {
    expect(missingCapabilities(parseCapMask('000001fffeffffff'), 40)).toEqual(['CAP_SYS_RESOURCE']);
  });

  it('finds nothing missing from a full bounding set', () => {
    expect(missingCapabilities(parseCapMask('000001ffffffffff'), 40)).toEqual([]);
  });

  it('ignores capabilities above cap_last_cap', () => {
    // bits 38..40 clear, but the kernel only knows caps up to 37
    expect(missingCapabilities(parseCapMask('0000003fffffffff'), 37)).toEqual([]);
    expect(missingCapabilities(parseCapMask('0000003fffffffff'), 40)).toEqual(['CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE']);
  });

  it('reads CapBnd from /proc/<pid>/status text and this process agrees with the kernel', async () => {
    const text = 'Name:\tx\nCapEff:\t0000000000000000\nCapBnd:\t000001fffeffffff\nCapAmb:\t0\n';
    expect(boundingSetFromStatus(text)).toBe(0x1fffeffffffn);
    const own = boundingSetFromStatus(await readFile('/proc/self/status', 'utf8'));
    expect(own > 0n).toBe(true);
    expect(CAPABILITY_NAMES[24]).toBe('CAP_SYS_RESOURCE');
  });

  it('rejects text that is not a mask', () => {
    expect(() => parseCapMask('zz')).toThrow(/not a capability mask/);
  });
});

describe('runc wrapper', () => {
  async function fixture() {
    const dir = await mkdtemp(join(tmpdir(), 'zerodrop-wrapper-'));
    dirs.push(dir);
    // Stands in for runc: prints the files the wrapper must have edited, then its arguments.
    const fakeRunc = join(dir, 'fake-runc');
    await writeFile(
      fakeRunc,
      '#!/bin/sh\nfor f in "$BUNDLE/config.json" "$PROC"; do [ -f "$f" ] && cat "$f" && echo; done\necho "ARGS $*"\n',
    );
    await chmod(fakeRunc, 0o755);
    const wrapper = join(dir, 'wrapper');
    await writeFile(wrapper, wrapperScript(['CAP_SYS_RESOURCE'], fakeRunc));
    await chmod(wrapper, 0o755);
    return { dir, wrapper };
  }

  const caps = ['CAP_CHOWN', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME'];
  const spec = (list: string[]) => ({ process: { capabilities: { bounding: list, effective: list, permitted: list } } });

  it('removes the missing capability from config.json for create, wherever it sits in the list', async () => {
    const { dir, wrapper } = await fixture();
    for (const list of [caps, ['CAP_SYS_RESOURCE', 'CAP_CHOWN'], ['CAP_CHOWN', 'CAP_SYS_RESOURCE'], ['CAP_SYS_RESOURCE']]) {
      await writeFile(join(dir, 'config.json'), JSON.stringify(spec(list)));
      const { stdout } = await run(wrapper, ['--root', '/x', 'create', '--bundle', dir, 'ctr1'], { env: { BUNDLE: dir } });
      const edited = JSON.parse(stdout.split('\n')[0]!) as ReturnType<typeof spec>;
      const want = list.filter((c) => c !== 'CAP_SYS_RESOURCE');
      expect(edited.process.capabilities.bounding).toEqual(want);
      expect(edited.process.capabilities.effective).toEqual(want);
      expect(stdout).toContain(`ARGS --root /x create --bundle ${dir} ctr1`);
    }
  });

  it('edits the --process file for exec and leaves other commands alone', async () => {
    const { dir, wrapper } = await fixture();
    const proc = join(dir, 'process.json');
    await writeFile(proc, JSON.stringify({ capabilities: { bounding: caps } }));
    const { stdout } = await run(wrapper, ['exec', '--process', proc, '--detach', 'ctr1'], { env: { BUNDLE: '/nonexistent', PROC: proc } });
    expect(JSON.parse(stdout.split('\n')[0]!)).toEqual({ capabilities: { bounding: ['CAP_CHOWN', 'CAP_SYS_TIME'] } });

    await writeFile(join(dir, 'config.json'), JSON.stringify(spec(caps)));
    const { stdout: s2 } = await run(wrapper, ['state', 'ctr1'], { cwd: dir, env: { BUNDLE: dir } });
    expect(JSON.parse(s2.split('\n')[0]!)).toEqual(spec(caps));
  });

  it('registers itself as the default runtime without dropping existing daemon.json settings', () => {
    const merged = daemonJsonWithWrapper({ 'log-driver': 'json-file', runtimes: { other: { path: '/x' } } });
    expect(merged['default-runtime']).toBe(WRAPPER_RUNTIME_NAME);
    expect(merged['log-driver']).toBe('json-file');
    expect(Object.keys(merged.runtimes as object).sort()).toEqual(['other', WRAPPER_RUNTIME_NAME].sort());
  });
});
