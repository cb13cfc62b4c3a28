import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { BIN } from './run-cli.ts';

describe('an interrupted run', () => {
  it('cleans up, exits 130 and keeps what it measured in the report', async () => {
    const out = await mkdtemp(join(tmpdir(), 'zerodrop-int-'));
    const child = spawn(process.execPath, [BIN, 'run', 'prestop-sleep', '--baseline-seconds', '3', '--out', out], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        // Interrupt as soon as the disruption starts: baseline requests are already on disk.
        if (/prestop-sleep: disruption/.test(stderr) && !child.killed) child.kill('SIGINT');
      });
      child.on('close', resolve);
    });
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('interrupted');
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ReportModel;
    const [scenario] = report.scenarios;
    expect(scenario.name).toBe('prestop-sleep');
    expect(scenario.phases[0].requests).toBeGreaterThan(50);
    expect(report.notes.join(' ')).toMatch(/stopped early/);
    // A run cut short is never judged lossless or lossy.
    expect(scenario.verdict).toBe('invalid');
    expect(scenario.invalidReasons.join(' ')).toMatch(/stopped early/);
    const lines = (await readFile(join(out, 'prestop-sleep', 'rollout-1', 'requests.ndjson'), 'utf8')).trim().split('\n');
    // Every counted request is on disk (requests after the last recorded event fall in no phase).
    expect(lines.length - 1).toBeGreaterThanOrEqual(scenario.runs[0].phases.reduce((n, p) => n + p.requests, 0));
  }, 120_000);
});
