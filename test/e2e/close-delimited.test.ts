import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAllRequests } from '../../src/load/request-log.ts';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { runCli } from '../cli/run-cli.ts';
import { expectEveryRequestOk } from '../support/every-phase.ts';

const SCENARIOS = new URL('../../scenarios/', import.meta.url).pathname;

describe('an app whose bodies end when it closes the connection', () => {
  it('is lossless with a preStop sleep and a readiness probe: every close-delimited answer is a complete response', async () => {
    // prestop-sleep, answering HTTP/1.1 with Connection: close and no Content-Length (FRAMING=close)
    const root = await mkdtemp(join(tmpdir(), 'zd-close-'));
    await cp(join(SCENARIOS, '_app'), join(root, '_app'), { recursive: true });
    await cp(join(SCENARIOS, 'prestop-sleep'), join(root, 'close-delimited'), { recursive: true });
    const dockerfile = join(root, 'close-delimited', 'Dockerfile');
    await writeFile(dockerfile, (await readFile(dockerfile, 'utf8')).replace(/prestop-sleep/g, 'close-delimited'));
    const manifest = join(root, 'close-delimited', 'manifest.yaml');
    const text = (await readFile(manifest, 'utf8')).replace(/prestop-sleep/g, 'close-delimited');
    await writeFile(
      manifest,
      text.replace(
        '- { name: KEEPALIVE_CLOSE, value: "true" }',
        '- { name: KEEPALIVE_CLOSE, value: "true" }\n            - { name: FRAMING, value: close }',
      ),
    );
    expect(await readFile(manifest, 'utf8')).toContain('FRAMING');
    const out = join(root, 'report');
    const r = await runCli(
      ['run', 'close-delimited', '--scenario-dir', root, '--baseline-seconds', '2', '--recovery-seconds', '2', '--out', out],
      { timeoutMs: 150_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ReportModel;
    const [s] = report.scenarios;
    expect(s.verdict).toBe('lossless');
    expectEveryRequestOk(s);
    // Every answer closed its connection: no request was ever sent on a reused one.
    const records = await readAllRequests(join(out, 'close-delimited', 'rollout-1', 'requests.ndjson'));
    expect(records.length).toBeGreaterThan(300);
    expect(records.every((x) => x.code === 200 && x.fresh)).toBe(true);
  }, 160_000);
});
