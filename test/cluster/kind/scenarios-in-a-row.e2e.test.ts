/**
 * On the real kind cluster: three manifests in one command, the last a lossless app whose answers
 * end when it closes the connection (FRAMING=close, a preStop sleep, a readiness probe). The two
 * before it lose requests and leave their Services, pods and kube-proxy rules behind them seconds
 * earlier; nothing of theirs may reach the last one's data path. Each scenario's Service has a
 * NodePort of its own. Runs only with ZERODROP_KIND_E2E=1 and a cluster from `zerodrop cluster up`.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import type { ReportModel } from '../../../src/metrics/result/report-model.ts';
import { buildScenarioImage } from '../../../src/offline-cluster/app-base-image.ts';
import { clusterExists, loadImage, readClusterSpec } from '../../../src/offline-cluster/cluster-lifecycle.ts';
import { dockerAnswers } from '../../../src/offline-cluster/docker-setup.ts';
import { IMAGE_TAGS, REPO_ROOT } from '../../../src/offline-cluster/paths.ts';
import { runCli } from '../../cli/run-cli.ts';
import { expectEveryRequestOk } from '../../support/every-phase.ts';

const spec = await readClusterSpec();
let reason = '';
if (process.env.ZERODROP_KIND_E2E !== '1') reason = 'set ZERODROP_KIND_E2E=1 to run (about three minutes)';
else if (!(await dockerAnswers())) reason = 'no Docker daemon answers';
else if (!(await clusterExists(spec.name).catch(() => false))) reason = `no kind cluster "${spec.name}" is running (zerodrop cluster up)`;

const IMAGE = 'zerodrop/prestop-sleep:dev';

type Doc = Record<string, any>;

/** prestop-sleep's manifest renamed to `name`, its container env extended and its pod spec edited. */
async function variant(dir: string, name: string, env: Record<string, string>, edit: (pod: Doc) => void): Promise<string> {
  const text = await readFile(join(REPO_ROOT, 'scenarios/prestop-sleep/manifest.yaml'), 'utf8');
  const docs = parseAllDocuments(text.replaceAll('prestop-sleep', name)).map((d) => d.toJSON() as Doc);
  const deployment = docs.find((d) => d.kind === 'Deployment')!;
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  container.env = [...container.env.filter((e: Doc) => !(e.name in env)), ...Object.entries(env).map(([k, v]) => ({ name: k, value: v }))];
  edit(pod);
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, docs.map((d) => stringify(d)).join('---\n'));
  return file;
}

describe.skipIf(reason)(`scenarios in a row on kind${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it('two lossy manifests, then a close-delimited lossless one: the last loses nothing, in any phase', async () => {
    await buildScenarioImage('prestop-sleep', IMAGE, IMAGE_TAGS.appBase);
    await loadImage(IMAGE);
    const dir = await mkdtemp(join(tmpdir(), 'zd-in-a-row-'));
    const files = [
      // exits at once on SIGTERM, no preStop hook, no readiness probe: lossy
      await variant(dir, 'row-abrupt', { ON_SIGTERM: 'exit' }, (pod) => {
        delete pod.containers[0].lifecycle;
        delete pod.containers[0].readinessProbe;
      }),
      // drains on SIGTERM but has no preStop hook: lossy on new connections (endpoint propagation)
      await variant(dir, 'row-no-prestop', {}, (pod) => {
        delete pod.containers[0].lifecycle;
      }),
      await variant(dir, 'row-close-delimited', { FRAMING: 'close' }, () => undefined),
    ];
    const out = join(dir, 'report');
    const args = ['run', '--provider', 'kind', ...files.flatMap((f) => ['--manifest', f]), '--image', IMAGE, '--out', out];
    const r = await runCli([...args, '--baseline-seconds', '3', '--recovery-seconds', '3'], { timeoutMs: 600_000 });
    // A --manifest scenario is expected lossless: the two lossy ones make the run exit 1, the last does not.
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('row-abrupt was lossy');
    expect(r.stderr).toContain('row-no-prestop was lossy');
    expect(r.stderr).not.toMatch(/row-close-delimited (was|: measurement)/);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ReportModel;
    expect(report.scenarios.map((s) => s.name)).toEqual(['row-abrupt', 'row-no-prestop', 'row-close-delimited']);
    const [abrupt, noPrestop, last] = report.scenarios;
    expect(abrupt!.verdict).toBe('lossy');
    expect(noPrestop!.verdict).toBe('lossy');
    expect(last!.verdict).toBe('lossless');
    // Each scenario had a NodePort of its own.
    expect(report.notes.some((n) => n.includes("each scenario's own NodePort"))).toBe(true);
    expectEveryRequestOk(last!);
  }, 620_000);
});
