import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalPod } from '../../../../src/cluster/providers/local/pod/index.ts';
import type { ImageConfig } from '../../../../src/k8s/image/image-config.ts';
import type { Container, PodSpec } from '../../../../src/k8s/manifest-types.ts';
import type { TimelineEvent, TimelineSink } from '../../../../src/timeline/types.ts';

/** Records timeline events with their times, for order and timing assertions. */
export class Recorder implements TimelineSink {
  readonly events: TimelineEvent[] = [];
  emit(e: Omit<TimelineEvent, 't'> & { t?: number }): void {
    this.events.push({ ...e, t: e.t ?? Date.now() });
  }
  kinds(): string[] {
    return this.events.map((e) => e.kind);
  }
  /** Time of the first event of that kind (throws when absent, so a missing event fails the test). */
  at(kind: TimelineEvent['kind']): number {
    const e = this.events.find((x) => x.kind === kind);
    if (!e) throw new Error(`no ${kind} event in ${this.kinds().join(',')}`);
    return e.t;
  }
  find(kind: TimelineEvent['kind']): TimelineEvent | undefined {
    return this.events.find((x) => x.kind === kind);
  }
}

/** A random loopback address, so test files can bind the same ports in parallel. */
export function randomLoopback(): string {
  const b = () => 1 + Math.floor(Math.random() * 250);
  return `127.${b()}.${b()}.${b()}`;
}

/** A fresh build context with the given files, and a matching ImageConfig. */
export async function makeImage(files: Record<string, string>, over: Partial<ImageConfig> = {}): Promise<ImageConfig> {
  const context = await mkdtemp(join(tmpdir(), 'zd-pod-ctx-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(context, name), text, { mode: 0o755 });
  return {
    dockerfile: join(context, 'Dockerfile'),
    context,
    from: 'node:24-slim',
    entrypoint: [],
    cmd: [],
    workdir: '/app',
    env: {},
    copies: Object.keys(files).length ? [{ sources: Object.keys(files), dest: './' }] : [],
    ...over,
  };
}

export interface PodFixture {
  pod: LocalPod;
  rec: Recorder;
  workdir: string;
  ip: string;
  cleanup: () => Promise<void>;
}

/** A LocalPod with one container `c` from `image`; cleanup kills it and removes its dirs. */
export async function makePod(
  image: ImageConfig,
  container: Partial<Container>,
  spec: Partial<PodSpec>,
  pid1: boolean,
): Promise<PodFixture> {
  const workdir = await mkdtemp(join(tmpdir(), 'zd-pod-'));
  const rec = new Recorder();
  const ip = randomLoopback();
  const pod = new LocalPod({
    name: 'web-1',
    namespace: 'default',
    node: 'node-a',
    ip,
    template: { spec: { ...spec, containers: [{ name: 'c', image: 'img', ...container }] } },
    images: { img: image },
    timeline: rec,
    workdir,
    pid1,
  });
  return {
    pod,
    rec,
    workdir,
    ip,
    cleanup: async () => {
      await pod.kill();
      await rm(workdir, { recursive: true, force: true });
      await rm(image.context, { recursive: true, force: true });
    },
  };
}

/** Resolves when `pod` emits 'ready' with `value` (rejects after timeoutMs). */
export function waitReady(pod: LocalPod, value: boolean, timeoutMs = 10_000): Promise<number> {
  if (pod.ready === value) return Promise.resolve(Date.now());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pod.off('ready', on);
      reject(new Error(`pod not ready=${value} after ${timeoutMs} ms`));
    }, timeoutMs);
    function on(r: boolean): void {
      if (r !== value) return;
      clearTimeout(timer);
      pod.off('ready', on);
      resolve(Date.now());
    }
    pod.on('ready', on);
  });
}

/** Polls `check` until it is true (rejects after timeoutMs). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A tiny HTTP server for containers: /readyz answers 200 while the file `ready` exists in its cwd. */
export const SERVER_MJS = `
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
const server = createServer((req, res) => {
  if (req.url === '/readyz') { res.writeHead(existsSync('ready') ? 200 : 503); res.end(); return; }
  if (req.url === '/prestop') { console.log('prestop-hit ' + Date.now()); res.end('ok'); return; }
  res.end(process.env.POD_NAME ?? '');
});
server.listen(Number(process.env.PORT), process.env.HOST, () => console.log('listening'));
if (process.env.ON_SIGTERM === 'exit') process.on('SIGTERM', () => { console.log('sigterm'); process.exit(0); });
if (process.env.ON_SIGTERM === 'ignore') process.on('SIGTERM', () => console.log('sigterm ignored'));
`;

/** True when `pid` no longer runs (absent, or a zombie waiting for its reaper). */
export function isGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return /^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return true;
  }
}
