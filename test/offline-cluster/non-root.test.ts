/**
 * What the set-up cannot do without root must fail with one line naming the missing piece. Runs the
 * real functions in a child process as user nobody (needs root to switch user; skips otherwise).
 */
import { execFile, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/offline-cluster/paths.ts';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;

/** Why a process running as nobody cannot load the project (e.g. a checkout under a 0700 temp dir), or ''. */
function nobodyCannotRun(): string {
  if (!isRoot) return 'the test must run as root to switch to nobody';
  const probe = spawnSync(process.execPath, ['-e', `require('node:fs').accessSync(${JSON.stringify(join(REPO_ROOT, 'package.json'))})`], {
    uid: 65534,
    gid: 65534,
  });
  return probe.status === 0 ? '' : `user nobody cannot run ${process.execPath} or read ${REPO_ROOT}`;
}
const skipReason = nobodyCannotRun();
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function asNobody(body: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'zerodrop-nobody-'));
  dirs.push(dir);
  await chmod(dir, 0o755);
  const file = join(dir, 'probe.mjs');
  await writeFile(
    file,
    `const k = '${REPO_ROOT}/src/offline-cluster/';\ntry { ${body}; console.log('NO ERROR'); } catch (e) { console.log(e.oneLine ? e.oneLine() : 'RAW ' + e); }\n`,
  );
  await chmod(file, 0o644);
  const { stdout } = await run(process.execPath, [file], { uid: 65534, gid: 65534, cwd: dir, env: { PATH: process.env.PATH ?? '' } });
  return stdout.trim();
}

describe.skipIf(skipReason !== '')(`set-up without root${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('names the missing Debian package and that installing it needs root', async () => {
    const out = await asNobody(
      `const { ensurePackages } = await import(k + 'host-packages.ts'); await ensurePackages(['cowsay'], () => {})`,
    );
    expect(out.split('\n')).toHaveLength(1);
    expect(out).toMatch(/^missing Debian packages cowsay; installing them needs root/);
  });

  it('names the Docker daemon when it cannot be reached', async () => {
    const out = await asNobody(`const { ensureDocker } = await import(k + 'docker-setup.ts'); await ensureDocker(() => {})`);
    expect(out.split('\n')).toHaveLength(1);
    expect(out).toMatch(/Docker/);
    expect(out).toMatch(/root/);
  });
});
