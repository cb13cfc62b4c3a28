import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findScenarioRoot, readScenario } from '../../src/scenario/index.ts';
import { RawConnection, sleep, tryConnect } from './app-process.ts';

/**
 * The scenarios' entrypoints (Dockerfile ENTRYPOINT + start.sh) as PID 1 of a fresh PID namespace,
 * which is what makes a shell swallow SIGTERM. Needs `unshare --pid` (root); skipped otherwise.
 */
const unshareWorks = spawnSync('unshare', ['--pid', '--fork', '--kill-child', 'true']).status === 0;
const hasTini = spawnSync('sh', ['-c', 'command -v tini']).status === 0;
const hasDumbInit = spawnSync('sh', ['-c', 'command -v dumb-init']).status === 0;
const root = findScenarioRoot();

interface Running {
  unshare: ChildProcess;
  pid1: number;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}
const running: Running[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const r of running.splice(0)) if (r.unshare.exitCode === null) r.unshare.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Stage the scenario's image (its COPY sources into a dir standing for WORKDIR) and run its entrypoint as PID 1. */
async function runEntrypoint(name: string): Promise<Running> {
  const s = await readScenario(root, name);
  const image = Object.values(s.images)[0];
  const dir = mkdtempSync(join(tmpdir(), `zerodrop-${name}-`));
  dirs.push(dir);
  for (const c of image.copies) for (const src of c.sources) copyFileSync(join(image.context, src), join(dir, basename(src)));
  const env = {
    PATH: [dirname(process.execPath), process.env.PATH].join(delimiter),
    HOST: '127.0.0.1',
    PORT: '0',
    POD_NAME: name,
    LATENCY_MS: '300',
  };
  const unshare = spawn('unshare', ['--pid', '--fork', '--kill-child', ...image.entrypoint, ...image.cmd], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  unshare.stdout!.on('data', (d) => {
    out += d;
  });
  unshare.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => unshare.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 100 && !/listening on [\d.]+:\d+/.test(out); i++) await sleep(100);
  const port = Number(/listening on [\d.]+:(\d+)/.exec(out)?.[1]);
  if (!port) throw new Error(`no listening line: ${out}`);
  const pid1 = Number(readFileSync(`/proc/${unshare.pid}/task/${unshare.pid}/children`, 'utf8').trim().split(' ')[0]);
  const r = { unshare, pid1, port, output: () => out, exited };
  running.push(r);
  return r;
}

describe.skipIf(!unshareWorks)('scenario entrypoints as PID 1 (unshare --pid)', () => {
  it('shell-entrypoint: the shell as PID 1 swallows SIGTERM; node keeps serving until SIGKILL', async () => {
    const r = await runEntrypoint('shell-entrypoint');
    process.kill(r.pid1, 'SIGTERM');
    await sleep(500);
    const c = await RawConnection.open(r.port);
    expect((await c.get('/')).status).toBe(200);
    expect(r.output()).not.toContain('SIGTERM: draining');
    const inflight = c.get('/');
    await sleep(100);
    process.kill(r.pid1, 'SIGKILL');
    await expect(inflight).rejects.toThrow(/closed before a response/);
    await r.exited;
    expect(await tryConnect(r.port)).toBe('ECONNREFUSED');
  });

  it('exec-entrypoint: node is PID 1 and drains on SIGTERM, exiting 0', async () => {
    const r = await runEntrypoint('exec-entrypoint');
    const c = await RawConnection.open(r.port);
    const inflight = c.get('/');
    await sleep(100);
    process.kill(r.pid1, 'SIGTERM');
    const res = await inflight;
    expect(res.status).toBe(200);
    expect(res.headers.connection).toBe('close');
    expect(await r.exited).toBe(0);
    expect(r.output()).toContain('SIGTERM: draining');
  });

  it('trap-forward: the shell traps SIGTERM and forwards it; node drains and the shell exits 0', async () => {
    const r = await runEntrypoint('trap-forward');
    const c = await RawConnection.open(r.port);
    const inflight = c.get('/');
    await sleep(100);
    process.kill(r.pid1, 'SIGTERM');
    expect((await inflight).status).toBe(200);
    expect(await r.exited).toBe(0);
    expect(r.output()).toContain('forwarding SIGTERM');
    expect(r.output()).toContain('SIGTERM: draining');
  });

  it.skipIf(!hasTini)('tini: SIGTERM reaches only the shell; tini exits and node dies without draining', async () => {
    const r = await runEntrypoint('tini');
    const c = await RawConnection.open(r.port);
    const inflight = c.get('/');
    await sleep(100);
    process.kill(r.pid1, 'SIGTERM');
    await expect(inflight).rejects.toThrow(/closed before a response/);
    await r.exited;
    expect(r.output()).not.toContain('SIGTERM: draining');
    expect(await tryConnect(r.port)).toBe('ECONNREFUSED');
  });

  const noDumbInit = hasDumbInit ? '' : ' (skipped: dumb-init is not on PATH)';
  it.skipIf(!hasDumbInit)(
    `dumb-init: the shell dies of the SIGTERM forwarded to its group, dumb-init exits with it at once, node dies with a request in flight${noDumbInit}`,
    async () => {
      const r = await runEntrypoint('dumb-init');
      const c = await RawConnection.open(r.port);
      const inflight = c.get('/');
      await sleep(100);
      const sent = Date.now();
      process.kill(r.pid1, 'SIGTERM');
      await expect(inflight).rejects.toThrow(/closed before a response/);
      // dumb-init exits with the shell's status (killed by SIGTERM) at once, not after node's drain.
      expect(await r.exited).toBe(143);
      expect(Date.now() - sent).toBeLessThan(300);
      expect(await tryConnect(r.port)).toBe('ECONNREFUSED');
    },
  );
});
