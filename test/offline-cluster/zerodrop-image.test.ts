/**
 * zerodrop's own image, built as a user builds it (`zerodrop image build`: the packed package
 * installed with its production dependencies on the offline Node 24 base, no registry), then run
 * with `docker run`. Needs Docker and the base image from `zerodrop cluster image --offline`; runs in
 * the cluster tier (`npm run test:cluster`).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { imageExists } from '../../src/offline-cluster/component-images.ts';
import { dockerAnswers } from '../../src/offline-cluster/docker-setup.ts';
import { IMAGE_TAGS, REPO_ROOT } from '../../src/offline-cluster/paths.ts';
import { runCommand } from '../../src/util/run-command.ts';
import { runCli } from '../cli/run-cli.ts';

let reason = '';
// In the cluster tier (one file at a time): its `npm pack` must not run beside the package test's.
if (process.env.ZERODROP_KIND_E2E !== '1') reason = 'set ZERODROP_KIND_E2E=1 to run (npm run test:cluster; about a minute)';
else if (!(await dockerAnswers())) reason = 'no Docker daemon answers';
else if (!(await imageExists(IMAGE_TAGS.appBase))) reason = `no base image ${IMAGE_TAGS.appBase} (zerodrop cluster image --offline)`;

const { version } = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
const TAG = `zerodrop/zerodrop:${version}`;
const docker = (args: string[]) =>
  runCommand('docker', args).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (err: { code?: number; stdout?: string; stderr?: string }) => ({
      code: err.code ?? 1,
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? '',
    }),
  );

describe.skipIf(reason)(`zerodrop's own image${reason ? ` (skipped: ${reason})` : ''}`, () => {
  beforeAll(async () => {
    const r = await runCli(['image', 'build'], { timeoutMs: 300_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(TAG);
  }, 320_000);

  it('runs the CLI as its entrypoint: --version and the catalogue', async () => {
    expect((await docker(['run', '--rm', TAG, '--version'])).stdout.trim()).toBe(version);
    const list = await docker(['run', '--rm', TAG, 'list']);
    expect(list.code, list.stderr).toBe(0);
    for (const s of ['prestop-sleep', 'shell-entrypoint', 'exec-entrypoint']) expect(list.stdout).toContain(s);
  }, 60_000);

  it('reads a mounted kubeconfig: run --provider kubeconfig --dry-run names its context and API server', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zd-image-kc-'));
    const kubeconfig = join(dir, 'config');
    await writeFile(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{ name: c, cluster: { server: "https://127.0.0.1:1" } }]',
        'contexts: [{ name: mounted-ctx, context: { cluster: c, user: u } }]',
        'current-context: mounted-ctx',
        'users: [{ name: u, user: { token: x } }]',
        '',
      ].join('\n'),
    );
    const r = await docker([
      'run',
      '--rm',
      '-v',
      `${kubeconfig}:/kube/config:ro`,
      '-e',
      'KUBECONFIG=/kube/config',
      TAG,
      'run',
      'prestop-sleep',
      '--provider',
      'kubeconfig',
      '--dry-run',
      '--allow-context',
      'mounted-ctx',
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('zerodrop: API server https://127.0.0.1:1 (context mounted-ctx) is not reachable');
  }, 60_000);
});
