/**
 * End to end on the kind cluster: the prestop-sleep scenario image, built on the offline Node 24
 * base and `kind load`ed, answers through NodePort 30080 on the host, and a rollout completes.
 * Takes about a minute, so it runs only with ZERODROP_KIND_E2E=1 and a cluster from `zerodrop cluster up`.
 * kubectl here is the one inside the control-plane node (test tooling, not product code).
 */

import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { buildScenarioImage } from '../../../src/offline-cluster/app-base-image.ts';
import { clusterExists, loadImage, readClusterSpec } from '../../../src/offline-cluster/cluster-lifecycle.ts';
import { dockerAnswers } from '../../../src/offline-cluster/docker-setup.ts';
import { IMAGE_TAGS, REPO_ROOT } from '../../../src/offline-cluster/paths.ts';
import { runCommand } from '../../../src/util/run-command.ts';

const NODE_PORT = 30080;
const spec = await readClusterSpec();
let reason = '';
if (process.env.ZERODROP_KIND_E2E !== '1') reason = 'set ZERODROP_KIND_E2E=1 to run (about a minute)';
else if (!(await dockerAnswers())) reason = 'no Docker daemon answers';
else if (!(await clusterExists(spec.name).catch(() => false))) reason = `no kind cluster "${spec.name}" is running (zerodrop cluster up)`;

const cp = `${spec.name}-control-plane`;
const kubectl = (args: string[], input?: string) =>
  runCommand('docker', ['exec', ...(input === undefined ? [] : ['-i']), cp, 'kubectl', ...args], { input });

function get(port: number): Promise<{ status: number; pod: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', timeout: 3000, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, pod: String(res.headers['x-zerodrop-pod'] ?? '') }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

async function manifest(): Promise<string> {
  const text = await readFile(join(REPO_ROOT, 'scenarios/prestop-sleep/manifest.yaml'), 'utf8');
  const docs = parseAllDocuments(text).map((d) => d.toJSON() as { kind: string; spec: { ports?: { nodePort?: number }[] } });
  for (const d of docs) if (d.kind === 'Service') d.spec.ports![0]!.nodePort = NODE_PORT;
  return docs.map((d) => stringify(d)).join('---\n');
}

describe.skipIf(reason !== '')(`scenario app on kind${reason ? ` (skipped: ${reason})` : ''}`, () => {
  afterAll(async () => {
    if (reason === '') await kubectl(['delete', '-f', '-', '--ignore-not-found', '--wait=false'], await manifest()).catch(() => undefined);
  });

  it('answers through the NodePort from the host and completes a rollout', async () => {
    await buildScenarioImage('prestop-sleep', 'zerodrop/prestop-sleep:dev', IMAGE_TAGS.appBase);
    await loadImage('zerodrop/prestop-sleep:dev');
    await kubectl(['apply', '-f', '-'], await manifest());
    await kubectl(['rollout', 'status', 'deployment/prestop-sleep', '--timeout=120s']);
    const first = await get(NODE_PORT);
    expect(first.status).toBe(200);
    expect(first.pod).toMatch(/^prestop-sleep-/);
    const before = (await kubectl(['get', 'pods', '-l', 'app=prestop-sleep', '-o', 'name'])).stdout.trim().split('\n');

    await kubectl(['rollout', 'restart', 'deployment/prestop-sleep']);
    await kubectl(['rollout', 'status', 'deployment/prestop-sleep', '--timeout=180s']);
    // `rollout status` returns once the new pods are available; an old pod in its preStop sleep
    // still answers until its endpoint removal reaches kube-proxy, so look for a new pod's answer.
    const old = before.map((p) => p.replace('pod/', ''));
    let after = await get(NODE_PORT);
    for (const deadline = Date.now() + 15_000; old.includes(after.pod) && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 250));
      after = await get(NODE_PORT);
    }
    expect(after.status).toBe(200);
    expect(old).not.toContain(after.pod);
  }, 300_000);
});
