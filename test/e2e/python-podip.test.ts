import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { runCli } from '../cli/run-cli.ts';
import { expectEveryRequestOk } from '../support/every-phase.ts';

const APP = new URL('./python-podip/', import.meta.url).pathname;

describe("Python's stock http.server binding status.podIP, three replicas, on the embedded runtime", () => {
  it('settles, is judged, and is lossless with its preStop sleep', async () => {
    // python3 -m http.server --bind $(POD_IP) 8080: at start-up it looks up its own name (socket.getfqdn).
    const root = await mkdtemp(join(tmpdir(), 'zd-pypodip-'));
    await cp(APP, join(root, 'python-podip'), { recursive: true });
    const out = join(root, 'report');
    const r = await runCli(['run', 'python-podip', '--scenario-dir', root, '--out', out], { timeoutMs: 150_000 });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ReportModel;
    const [s] = report.scenarios;
    expect(s.verdict).toBe('lossless');
    expectEveryRequestOk(s);
    // Three old pods and three new ones each became ready: the rollout replaced every replica.
    const timeline = (await readFile(join(out, 'python-podip', 'rollout-1', 'timeline.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; pod?: string; detail?: string });
    expect(new Set(timeline.filter((e) => e.kind === 'pod-ready').map((e) => e.pod)).size).toBe(6);
    // The control stream went to the control backend through every phase and never failed.
    const control = timeline.filter((e) => e.kind === 'control').map((e) => JSON.parse((e as { detail: string }).detail));
    expect(control.map((c) => c.phase)).toEqual(['baseline', 'disruption', 'recovery']);
    for (const c of control) {
      expect(c.requests, c.phase).toBeGreaterThan(0);
      expect(c.failed, c.phase).toBe(0);
    }
  }, 160_000);
});
