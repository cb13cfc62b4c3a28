import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPid1Support } from '../../../../src/cluster/providers/local/pod/index.ts';
import { makeImage, makePod, until } from './pod-harness.ts';

const pid1 = await detectPid1Support();

/**
 * The container writes its pid file (`$$`: 1 as PID 1 of its namespace) and the PID namespace it
 * sees; it ignores SIGTERM and exits 0 on SIGUSR1. The hook signals the pid in the file only from the same namespace,
 * so a hook run outside it fails instead of signalling the host's pid 1.
 */
const START = [
  'readlink /proc/self/ns/pid > ns.txt',
  'echo $$ > app.pid',
  "trap '' TERM",
  "trap 'echo usr1 > got.txt; exit 0' USR1",
  'while :; do sleep 0.1; done',
].join('\n');
const HOOK = '[ "$(readlink /proc/self/ns/pid)" = "$(cat ns.txt)" ] && kill -USR1 "$(cat app.pid)"';

describe(`preStop exec in the container's PID namespace (${pid1 ? 'PID 1 namespaces' : 'process groups: unshare unavailable'})`, () => {
  it("a hook signalling the pid from the container's pid file reaches the container, as a kubelet exec does", async () => {
    const image = await makeImage({ 'start.sh': START }, { cmd: ['sh', 'start.sh'] });
    const f = await makePod(
      image,
      { lifecycle: { preStop: { exec: { command: ['sh', '-c', HOOK] } } } },
      { terminationGracePeriodSeconds: 5 },
      pid1,
    );
    try {
      await f.pod.start();
      const dir = join(f.workdir, 'c');
      // Written by the shell's redirections: a file may exist a moment before its line does.
      const written = (name: string) => existsSync(join(dir, name)) && readFileSync(join(dir, name), 'utf8').trim() !== '';
      await until(async () => written('app.pid') && written('ns.txt'), 8000, 'pid file written');
      if (pid1) expect(readFileSync(join(dir, 'app.pid'), 'utf8').trim()).toBe('1');
      const t0 = Date.now();
      await f.pod.terminate();
      expect(f.rec.find('prestop-end')?.detail).toBe('ok');
      expect(readFileSync(join(dir, 'got.txt'), 'utf8').trim()).toBe('usr1');
      // The container left on the hook's signal (SIGTERM is ignored), well before SIGKILL.
      expect(f.rec.find('exit')?.detail).toBe('0');
      expect(f.rec.find('sigkill')).toBeUndefined();
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      await f.cleanup();
    }
  });
});
