/**
 * On the real kind cluster: `zerodrop run --load-from cluster` starts a Job of load pods, one per
 * node, merges their records and reaches the verdicts host load reaches; a load pod killed mid-run
 * is counted slot by slot; Ctrl-C removes the Job with the run namespace; the kubeconfig
 * provider's dry run prints the Job. Runs only with ZERODROP_KIND_E2E=1 and a cluster from
 * `zerodrop cluster up` (about five minutes). kubectl here is the one inside the control-plane
 * node, and pkill the kind node's (test tooling, not product code).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../../src/metrics/result/report-model.ts';
import { clusterExists, kubeconfigPath, readClusterSpec } from '../../../src/offline-cluster/cluster-lifecycle.ts';
import { dockerAnswers } from '../../../src/offline-cluster/docker-setup.ts';
import { runCommand } from '../../../src/util/run-command.ts';
import { BIN, runCli } from '../../cli/run-cli.ts';

const spec = await readClusterSpec();
let reason = '';
if (process.env.ZERODROP_KIND_E2E !== '1') reason = 'set ZERODROP_KIND_E2E=1 to run (about five minutes)';
else if (!(await dockerAnswers())) reason = 'no Docker daemon answers';
else if (!(await clusterExists(spec.name).catch(() => false))) reason = `no kind cluster "${spec.name}" is running (zerodrop cluster up)`;

const cp = `${spec.name}-control-plane`;
const kubectl = async (args: string[]) => (await runCommand('docker', ['exec', cp, 'kubectl', ...args])).stdout;
const CLUSTER = ['--provider', 'kind', '--load-from', 'cluster'];

let dir: string;
const readReport = async (out: string) => JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ReportModel;
const lines = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').length;
/** What to show when a run's exit code is not the expected one: its INVALID reasons and the end of its output. */
const why = async (out: string, r: { stdout: string; stderr: string }) => {
  const report = await readReport(out).catch(() => undefined);
  return `${report?.scenarios.flatMap((s) => s.invalidReasons).join('; ') ?? 'no report'}\n${(r.stdout + r.stderr).slice(-1500)}`;
};

/** Namespaces owned by the zerodrop process `pid` (its owner annotation names it). */
async function namespacesOf(pid: number): Promise<string[]> {
  const out = await kubectl([
    'get',
    'ns',
    '-o',
    'jsonpath={range .items[*]}{.metadata.name} {.metadata.annotations.zerodrop\\.dev/owner}{"\\n"}{end}',
  ]);
  return out
    .split('\n')
    .filter((l) => l.includes(`/${pid}:`))
    .map((l) => l.split(' ')[0]);
}

/** Starts the CLI; resolves its exit code and output; `running` calls back once its load pods run. */
function startCli(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const podsRunning = async (): Promise<string> => {
    for (const end = Date.now() + 240_000; Date.now() < end; await new Promise((r) => setTimeout(r, 1000))) {
      for (const ns of await namespacesOf(child.pid!)) {
        const phases = await kubectl([
          'get',
          'pods',
          '-n',
          ns,
          '-l',
          'app.kubernetes.io/name=zerodrop-load-agent',
          '-o',
          'jsonpath={.items[*].status.phase}',
        ]);
        if (phases.split(' ').filter((p) => p === 'Running').length >= 3 && out.includes(': baseline')) return ns;
      }
    }
    throw new Error(`load pods never ran: ${out}`);
  };
  return { child, exit, podsRunning, output: () => out };
}

describe.skipIf(reason)(`load from inside the cluster on kind${reason ? ` (skipped: ${reason})` : ''}`, () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zd-loadfrom-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs 3 load pods on 3 nodes, merges every slot, and reaches the verdicts host load reaches', async () => {
    const nodes = (await kubectl(['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}'])).split(' ').sort();
    const out = join(dir, 'cluster');
    const r = await runCli(['run', 'prestop-sleep', 'shell-entrypoint', ...CLUSTER, '--load-pods', '3', '--out', out], {
      timeoutMs: 600_000,
    });
    expect(r.code, await why(out, r)).toBe(0);
    const report = await readReport(out);
    for (const s of report.scenarios) {
      const run = s.runs[0];
      const pods = run.loadPods!;
      expect(pods.map((p) => p.node).sort()).toEqual(nodes);
      expect(pods.every((p) => p.slots === p.received + p.missing && p.missing === 0 && p.restarts === 0)).toBe(true);
      // The request log holds exactly the pods' records (and its header line).
      expect(await lines(join(out, run.files.requests))).toBe(1 + pods.reduce((n, p) => n + p.received + p.missing, 0));
      for (const p of pods) expect(p.clock.uncertaintyMs).toBeLessThan(100);
    }
    expect(r.stdout).toMatch(/load pods \(requests\/failed per phase/);
    const host = join(dir, 'host');
    const h = await runCli(['run', 'prestop-sleep', 'shell-entrypoint', '--provider', 'kind', '--out', host], { timeoutMs: 600_000 });
    expect(h.code, await why(host, h)).toBe(0);
    const verdicts = (m: ReportModel) => m.scenarios.map((s) => [s.name, s.verdict]);
    expect(verdicts(report)).toEqual(verdicts(await readReport(host)));
    expect(verdicts(report)).toEqual([
      ['prestop-sleep', 'lossless'],
      ['shell-entrypoint', 'lossy'],
    ]);
  }, 900_000);

  it('counts every slot of a load pod whose agent is killed mid-run: missing, dropped, the run invalid', async () => {
    const out = join(dir, 'restart');
    const cli = startCli(['run', 'prestop-sleep', ...CLUSTER, '--baseline-seconds', '6', '--out', out]);
    await cli.podsRunning();
    await runCommand('docker', ['exec', `${spec.name}-worker`, 'pkill', '-9', '-f', 'zerodrop[.]js agent']);
    expect(await cli.exit, cli.output()).toBe(3);
    const run = (await readReport(out)).scenarios[0].runs[0];
    const killed = run.loadPods!.find((p) => p.node === `${spec.name}-worker`)!;
    expect(killed.restarts).toBeGreaterThanOrEqual(1);
    expect(killed.slotsFrom).toBe('schedule');
    expect(killed.missing).toBeGreaterThan(0);
    expect(killed.slots).toBe(killed.received + killed.missing);
    expect(run.validity.reasons.some((x) => x.includes('never reported by a load pod'))).toBe(true);
    expect(await lines(join(out, run.files.requests))).toBe(1 + run.loadPods!.reduce((n, p) => n + p.received + p.missing, 0));
  }, 600_000);

  it('removes the Job and its pods with the run namespace on Ctrl-C', async () => {
    const cli = startCli(['run', 'prestop-sleep', ...CLUSTER, '--out', join(dir, 'interrupt')]);
    const ns = await cli.podsRunning();
    cli.child.kill('SIGINT');
    expect(await cli.exit, cli.output()).toBe(130);
    expect(await kubectl(['get', 'ns', ns, '--ignore-not-found', '-o', 'name'])).toBe('');
  }, 600_000);

  it('--provider kubeconfig --dry-run prints the Job it would create and creates nothing', async () => {
    const r = await runCli([
      'run',
      'prestop-sleep',
      '--provider',
      'kubeconfig',
      '--kubeconfig',
      kubeconfigPath(spec.name),
      '--load-from',
      'cluster',
      '--dry-run',
      '--rate',
      '900',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/create Job zerodrop-[\w-]+\/zerodrop-load: 2 load pods/);
    for (const l of ['kind: Job', 'completionMode: Indexed', 'image: <--load-image IMAGE>', 'name: ZERODROP_AGENT_CONFIG'])
      expect(r.stdout).toContain(l);
    expect(r.stdout).toMatch(/"streams":\[\{"name":"keep-alive","rate":225\},\{"name":"new-connection","rate":225\}\]/);
    const ns = r.stdout.match(/Namespace (zerodrop-\S+)/)![1];
    expect(await kubectl(['get', 'ns', ns, '--ignore-not-found', '-o', 'name'])).toBe('');
  }, 60_000);
});
