import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalPod, resolveCommand, stageImage } from '../../../../src/cluster/providers/local/pod/index.ts';
import { launchSpec } from '../../../../src/cluster/providers/local/pod/launch-spec.ts';
import { stopSignalOf } from '../../../../src/cluster/providers/local/pod/signals.ts';
import { ZerodropError } from '../../../../src/errors/zerodrop-error.ts';
import type { ImageConfig } from '../../../../src/k8s/image/image-config.ts';
import { makeImage, makePod, Recorder, until } from './pod-harness.ts';

const temp: string[] = [];
afterAll(async () => {
  for (const d of temp) await rm(d, { recursive: true, force: true });
});

function image(over: Partial<ImageConfig>): ImageConfig {
  return {
    dockerfile: '/ctx/Dockerfile',
    context: '/ctx',
    from: 'node:24-slim',
    entrypoint: [],
    cmd: [],
    workdir: '/app',
    env: {},
    copies: [],
    ...over,
  };
}

describe('resolveCommand (Kubernetes command/args vs ENTRYPOINT/CMD)', () => {
  const img = image({ entrypoint: ['tini', '--'], cmd: ['node', 'server.ts'] });
  it('uses ENTRYPOINT + CMD when the manifest sets neither', () => {
    expect(resolveCommand({ name: 'c', image: 'i' }, img)).toEqual(['tini', '--', 'node', 'server.ts']);
  });
  it('args replace CMD and keep ENTRYPOINT', () => {
    expect(resolveCommand({ name: 'c', image: 'i', args: ['sh', 'start.sh'] }, img)).toEqual(['tini', '--', 'sh', 'start.sh']);
  });
  it('command replaces ENTRYPOINT and drops CMD', () => {
    expect(resolveCommand({ name: 'c', image: 'i', command: ['node', 'x.ts'] }, img)).toEqual(['node', 'x.ts']);
  });
  it('command + args', () => {
    expect(resolveCommand({ name: 'c', image: 'i', command: ['node'], args: ['y.ts'] }, img)).toEqual(['node', 'y.ts']);
  });
  it('shell-form CMD stays a /bin/sh -c argv', () => {
    expect(resolveCommand({ name: 'c', image: 'i' }, image({ cmd: ['/bin/sh', '-c', 'sh start.sh'] }))).toEqual([
      '/bin/sh',
      '-c',
      'sh start.sh',
    ]);
  });
  it('nothing to run is a ZerodropError naming the Dockerfile', () => {
    expect(() => resolveCommand({ name: 'c', image: 'i' }, image({}))).toThrow(ZerodropError);
  });
});

describe('stageImage', () => {
  it('copies files, directories and absolute destinations under WORKDIR into the staged dir', async () => {
    const ctx = await mkdtemp(join(tmpdir(), 'zd-stage-ctx-'));
    const out = await mkdtemp(join(tmpdir(), 'zd-stage-out-'));
    temp.push(ctx, out);
    await mkdir(join(ctx, '_app', 'lib'), { recursive: true });
    await writeFile(join(ctx, '_app', 'server.ts'), 'server');
    await writeFile(join(ctx, '_app', 'lib', 'util.ts'), 'util');
    await writeFile(join(ctx, 'start.sh'), 'echo hi', { mode: 0o755 });
    const img = image({
      context: ctx,
      dockerfile: join(ctx, 'Dockerfile'),
      workdir: '/app',
      copies: [
        { sources: ['_app/server.ts'], dest: './' },
        { sources: ['start.sh'], dest: '/app/bin/run.sh' },
        { sources: ['_app/lib'], dest: 'lib/' },
        { sources: ['start.sh'], dest: '/usr/local/bin/' },
      ],
    });
    expect(await stageImage(img, out)).toBe(out);
    expect(await readFile(join(out, 'server.ts'), 'utf8')).toBe('server');
    expect(await readFile(join(out, 'bin', 'run.sh'), 'utf8')).toBe('echo hi');
    expect((await stat(join(out, 'bin', 'run.sh'))).mode & 0o111).not.toBe(0);
    expect(await readFile(join(out, 'lib', 'util.ts'), 'utf8')).toBe('util');
    expect(await readFile(join(out, '.rootfs', 'usr', 'local', 'bin', 'start.sh'), 'utf8')).toBe('echo hi');
  });

  it('a missing COPY source is a ZerodropError naming the Dockerfile', async () => {
    const ctx = await mkdtemp(join(tmpdir(), 'zd-stage-ctx-'));
    temp.push(ctx);
    const img = image({ context: ctx, dockerfile: join(ctx, 'Dockerfile'), copies: [{ sources: ['nope.sh'], dest: './' }] });
    const err = await stageImage(img, join(ctx, 'out')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZerodropError);
    expect((err as ZerodropError).oneLine()).toContain(join(ctx, 'Dockerfile'));
    expect((err as ZerodropError).oneLine()).toContain('nope.sh');
  });
});

describe('container launch', () => {
  const pod = { name: 'web-1', namespace: 'ns1', node: 'node-a', ip: '127.9.9.9' };
  it('a binary missing from the host names the binary and the Dockerfile field', () => {
    const img = image({ entrypoint: ['/usr/bin/zd-no-such-init', '--'], cmd: ['node', 'server.ts'] });
    try {
      launchSpec({ container: { name: 'c', image: 'i' }, index: 0, image: img, stagedDir: tmpdir(), pod });
      expect.unreachable('launchSpec should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(ZerodropError);
      const line = (err as ZerodropError).oneLine();
      expect(line).toContain('zd-no-such-init');
      expect(line).toContain('/ctx/Dockerfile: ENTRYPOINT');
    }
  });

  it('a missing binary from the manifest names the manifest field', () => {
    try {
      launchSpec({
        container: { name: 'c', image: 'i', command: ['zd-nope'] },
        index: 1,
        image: image({}),
        stagedDir: tmpdir(),
        pod,
        manifestFile: 'k8s.yaml',
      });
      expect.unreachable('launchSpec should have thrown');
    } catch (err) {
      expect((err as ZerodropError).oneLine()).toContain('k8s.yaml: spec.template.spec.containers[1].command');
    }
  });

  it('env: image ENV, container env with $(VAR) expansion, the downward API, Node 24 first on PATH', () => {
    const spec = launchSpec({
      container: {
        name: 'c',
        image: 'i',
        command: ['sh', '-c', 'echo'],
        args: ['$(GREETING)'],
        env: [
          { name: 'GREETING', value: 'hi-$(BASE)' },
          { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        ],
      },
      index: 0,
      image: image({ env: { BASE: 'img' } }),
      stagedDir: tmpdir(),
      pod,
    });
    expect(spec.env).toMatchObject({
      BASE: 'img',
      GREETING: 'hi-img',
      IP: '127.9.9.9',
      NAME: 'web-1',
      NS: 'ns1',
      NODE: 'node-a',
      HOSTNAME: 'web-1',
    });
    expect(spec.env.PATH.split(':')[0]).toBe(dirname(process.execPath));
    expect(spec.argv.slice(1)).toEqual(['-c', 'echo', 'hi-img']);
    expect(spec.cwd).toBe(tmpdir());
  });

  it('maps WORKDIR paths in arguments, also inside a shell-form command, and leaves other paths alone', () => {
    const staged = join(tmpdir(), `zd-staged-${process.pid}`);
    temp.push(staged);
    const spec = launchSpec({
      container: { name: 'c', image: 'i' },
      index: 0,
      stagedDir: staged,
      pod,
      image: image({ cmd: ['/bin/sh', '-c', 'node /app/server.ts --root=/app; cat /application /etc/hostname'] }),
    });
    expect(spec.argv[2]).toBe(`node ${staged}/server.ts --root=${staged}; cat /application /etc/hostname`);
  });

  it('an unsupported fieldRef is a ZerodropError naming the field', () => {
    expect(() =>
      launchSpec({
        container: {
          name: 'c',
          image: 'i',
          command: ['sh'],
          env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }],
        },
        index: 0,
        image: image({}),
        stagedDir: tmpdir(),
        pod,
        manifestFile: 'k8s.yaml',
      }),
    ).toThrow(/status\.hostIP/);
  });

  it('STOPSIGNAL names and numbers', () => {
    expect(stopSignalOf(undefined, 'D')).toBe('SIGTERM');
    expect(stopSignalOf('SIGQUIT', 'D')).toBe('SIGQUIT');
    expect(stopSignalOf('int', 'D')).toBe('SIGINT');
    expect(stopSignalOf('9', 'D')).toBe('SIGKILL');
    expect(() => stopSignalOf('SIGNOPE', 'D')).toThrow(ZerodropError);
  });

  it('a real pod runs `node` as Node 24 in the staged WORKDIR with the downward-API env', async () => {
    const img = await makeImage(
      {
        'show.mjs':
          'console.log(JSON.stringify({ v: process.version, cwd: process.cwd(), ip: process.env.IP }));\nsetInterval(() => {}, 1000);\n',
      },
      { entrypoint: ['node', '/app/show.mjs'] },
    );
    const f = await makePod(img, { env: [{ name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] }, {}, false);
    try {
      await f.pod.start();
      const log = join(f.workdir, 'c.log');
      await until(async () => (await readFile(log, 'utf8')).includes('"v"'), 8000, 'node output');
      const out = JSON.parse((await readFile(log, 'utf8')).trim().split('\n').pop()!);
      expect(out.v).toMatch(/^v24\./);
      expect(out.cwd).toBe(join(f.workdir, 'c'));
      expect(out.ip).toBe(f.ip);
    } finally {
      await f.cleanup();
    }
  });

  it('start() rejects with the ZerodropError and emits no stray processes when a binary is missing', async () => {
    const img = image({ cmd: ['zd-missing-binary'] });
    const dir = await mkdtemp(join(tmpdir(), 'zd-pod-'));
    temp.push(dir);
    const p = new LocalPod({
      name: 'p',
      namespace: 'default',
      node: 'n',
      ip: '127.0.0.9',
      template: { spec: { containers: [{ name: 'c', image: 'i' }] } },
      images: { i: img },
      timeline: new Recorder(),
      workdir: dir,
      pid1: false,
    });
    await expect(p.start()).rejects.toThrow(/zd-missing-binary/);
    expect(p.pids()).toEqual([]);
  });
});
