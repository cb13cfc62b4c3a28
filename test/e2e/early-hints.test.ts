import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRequestLog } from '../../src/load/request-log.ts';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { runCli } from '../cli/run-cli.ts';
import { expectEveryRequestOk } from '../support/every-phase.ts';

const APP = new URL('./early-hints/', import.meta.url).pathname;

describe('an ordinary Python http.server app with interim and unsolicited answers', () => {
  it('is lossless with a preStop sleep: 103 Early Hints skipped, idle-connection 408s counted apart, no crash', async () => {
    // early-hints/app.py: a 103 before every 200, a 408 and close on a kept-alive connection idle for 0.5 s,
    // every 10th answer slow (the bursts leave kept-alive connections idle), drains on SIGTERM.
    const root = await mkdtemp(join(tmpdir(), 'zd-hints-'));
    await cp(APP, join(root, 'early-hints'), { recursive: true });
    const out = join(root, 'report');
    const r = await runCli(['run', 'early-hints', '--scenario-dir', root, '--out', out], { timeoutMs: 150_000 });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ReportModel;
    const [s] = report.scenarios;
    expect(s.verdict).toBe('lossless');
    expectEveryRequestOk(s);
    // Every record is a final answer (no 103 recorded); the report's count is the log's event lines.
    const lines: string[] = [];
    let records = 0;
    for await (const x of readRequestLog(join(out, 'early-hints', 'rollout-1', 'requests.ndjson'), undefined, (e) =>
      lines.push(e.stream),
    )) {
      expect(x.code).toBe(200);
      records++;
    }
    expect(records).toBeGreaterThan(300);
    expect(lines.length).toBeGreaterThan(0);
    expect(s.runs[0].unsolicited).toEqual({
      'keep-alive': lines.filter((l) => l === 'keep-alive').length,
      'new-connection': lines.filter((l) => l === 'new-connection').length,
    });
    expect(r.stdout).toMatch(/unsolicited answers \(.*\): keep-alive \d+/);
  }, 160_000);
});
