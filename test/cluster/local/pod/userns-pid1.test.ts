import { execFile, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const harness = join(dirname(fileURLToPath(import.meta.url)), 'pod-harness.ts');
const support = join(dirname(fileURLToPath(import.meta.url)), '../../../../src/cluster/providers/local/pod/pid1-support.ts');
const AS_NOBODY = ['--reuid', '65534', '--regid', '65534', '--clear-groups'];

/** Why this machine cannot run the test as nobody in a user namespace, or ''. */
function cannotRun(): string {
  if (process.getuid?.() !== 0) return 'needs root to switch to nobody';
  const read = spawnSync('setpriv', [
    ...AS_NOBODY,
    process.execPath,
    '-e',
    `require('node:fs').accessSync(${JSON.stringify(harness)}, require('node:fs').constants.R_OK)`,
  ]);
  if (read.status !== 0) return `user nobody cannot run ${process.execPath} or read ${harness}`;
  const userns = spawnSync('setpriv', [...AS_NOBODY, 'unshare', '--user', '--map-root-user', '--pid', '--fork', '--kill-child', 'true']);
  return userns.status === 0 ? '' : 'unprivileged user namespaces are not allowed here';
}
const reason = cannotRun();

/**
 * As nobody: a shell entrypoint without a trap, deleted with a 1 s grace period; its events, its log
 * and what its preStop exec saw (which PID namespace it ran in).
 */
const script = `
const { pid1UnshareArgs, detectPid1Support } = await import(${JSON.stringify(support)});
const { makeImage, makePod, until } = await import(${JSON.stringify(harness)});
const { readFile } = await import('node:fs/promises');
const { join } = await import('node:path');
const pid1 = await detectPid1Support();
const image = await makeImage({ 'start.sh': 'echo "pid $$ uid $(id -u) ns $(readlink /proc/self/ns/pid)"\\nsleep 1000\\n' }, { cmd: ['sh', 'start.sh'] });
const hook = { preStop: { exec: { command: ['sh', '-c', 'readlink /proc/self/ns/pid > hook.txt'] } } };
const f = await makePod(image, { lifecycle: hook }, { terminationGracePeriodSeconds: 1 }, pid1);
await f.pod.start();
await until(async () => (await readFile(join(f.workdir, 'c.log'), 'utf8')).includes('pid'), 5000, 'start.sh output');
const log = await readFile(join(f.workdir, 'c.log'), 'utf8');
await f.pod.terminate();
const hookNs = (await readFile(join(f.workdir, 'c', 'hook.txt'), 'utf8')).trim();
process.stdout.write(JSON.stringify({ uid: process.getuid(), flags: await pid1UnshareArgs(), log, hookNs, events: f.rec.events }));
await f.cleanup();`;

describe.skipIf(reason !== '')(`PID 1 as non-root, in a user namespace${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it('nobody gets PID-1 semantics through unshare --user --map-root-user --pid: a shell PID 1 swallows SIGTERM', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        'setpriv',
        [...AS_NOBODY, process.execPath, '--input-type=module', '-e', script],
        { encoding: 'utf8', timeout: 30_000, cwd: '/tmp' },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
    const r = JSON.parse(out) as {
      uid: number;
      flags: string[];
      log: string;
      hookNs: string;
      events: { kind: string; t: number; detail?: string }[];
    };
    expect(r.uid).toBe(65534);
    expect(r.flags).toEqual(['--user', '--map-root-user', '--pid', '--fork', '--kill-child']);
    expect(r.log).toMatch(/^pid 1 uid 0 ns pid:\[\d+\]$/m); // PID 1, root of its own user namespace
    // The preStop exec ran in the container's PID namespace (entered with its user namespace).
    expect(r.log).toContain(`ns ${r.hookNs}`);
    expect(r.events.find((e) => e.kind === 'prestop-end')?.detail).toBe('ok');
    const kinds = r.events.map((e) => e.kind).filter((k) => ['sigterm', 'sigkill', 'exit'].includes(k));
    expect(kinds).toEqual(['sigterm', 'sigkill', 'exit']);
    const at = (k: string) => r.events.find((e) => e.kind === k)!.t;
    expect(at('sigkill') - at('sigterm')).toBeGreaterThanOrEqual(950);
    expect(r.events.find((e) => e.kind === 'exit')?.detail).toBe('137');
  }, 40_000);
});
