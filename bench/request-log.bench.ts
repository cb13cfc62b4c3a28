import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRequestLog, readRequestLog } from '../src/load/request-log.ts';
import { RunAggregator } from '../src/metrics/aggregate.ts';
import { buildReportModel, buildScenarioReport } from '../src/metrics/result/build-report.ts';
import { fileReporters } from '../src/report/index.ts';
import type { TimelineEvent } from '../src/timeline/index.ts';
import { makePhases } from '../src/timeline/phases.ts';

/**
 * Write, then read back and aggregate, N synthetic request records; then build the whole report
 * from them (every per-record pass: phases, buckets, per pod, lags, diagnosis) and render every
 * file reporter. Prints throughput, the RSS growth of reading and the process's peak RSS.
 */
export async function benchRequestLog(n: number): Promise<{ lines: string[]; figures: Record<string, number> }> {
  const dir = await mkdtemp(join(tmpdir(), 'zerodrop-bench-'));
  const file = join(dir, 'requests.ndjson');
  const epoch = Date.now();
  const codes: (number | string)[] = [200, 200, 200, 200, 200, 200, 200, 503, 'ECONNRESET', 'ECONNREFUSED'];
  try {
    const rssBefore = process.memoryUsage().rss;
    let t0 = performance.now();
    const plans = [
      { name: 'keep-alive' as const, rate: 50 },
      { name: 'new-connection' as const, rate: 50 },
    ];
    const log = openRequestLog(file, plans, epoch);
    for (let i = 0; i < n; i++) {
      log.write({
        t: epoch + i / 10,
        ms: 40 + (i % 97),
        code: codes[i % codes.length],
        pod: `web-7d9f-${i % 3}`,
        conn: i % 64,
        fresh: i % 50 === 0,
        stream: i % 2 ? 'new-connection' : 'keep-alive',
      });
    }
    await log.close();
    const writeMs = performance.now() - t0;
    const bytes = (await stat(file)).size;

    const phases = makePhases({ baseline: epoch, disruption: epoch + n / 30, recovery: epoch + n / 15, end: epoch + n / 10 + 1 });
    t0 = performance.now();
    const agg = new RunAggregator(phases, plans);
    let read = 0;
    for await (const r of readRequestLog(file)) {
      agg.add(r);
      read++;
    }
    const stats = agg.result().phases;
    const readMs = performance.now() - t0;
    const rssPeak = process.memoryUsage().rss;
    t0 = performance.now();
    const b = phases.boundaries;
    const timeline: TimelineEvent[] = (['baseline', 'disruption', 'recovery', 'end'] as const).map((p) => ({
      t: b[p],
      kind: 'phase',
      detail: p,
    }));
    const scenario = await buildScenarioReport(
      {
        name: 'bench',
        description: 'bench',
        disruption: 'rollout',
        expected: 'any',
        runs: [{ iteration: 1, requestsFile: file, timelineFile: join(dir, 'timeline.ndjson'), timeline }],
      },
      dir,
    );
    const model = buildReportModel(
      {
        runId: 'bench',
        provider: 'local',
        emulated: true,
        toolVersion: '0',
        startedAt: new Date(epoch),
        finishedAt: new Date(),
        notes: [],
        load: { rate: 100, maxConnections: 100, timeoutMs: 2000, streams: plans },
      },
      [scenario],
    );
    let rendered = 0;
    for (const r of fileReporters()) rendered += r.render(model).length;
    const reportMs = performance.now() - t0;
    const peakRssMb = (process.resourceUsage().maxRSS * 1024) / 1e6;
    if (read !== n || stats.reduce((s, p) => s + p.requests, 0) !== n) throw new Error(`bench: read ${read} of ${n} records`);
    const figures = {
      records: n,
      bytesPerRecord: bytes / n,
      writeRecordsPerSec: n / (writeMs / 1000),
      readAggregateRecordsPerSec: n / (readMs / 1000),
      rssGrowthMb: (rssPeak - rssBefore) / 1e6,
      reportMs,
      renderedBytes: rendered,
      peakRssMb,
    };
    const lines = [
      `request log: ${n.toLocaleString()} records, ${(bytes / n).toFixed(1)} bytes/record, ${(bytes / 1e6).toFixed(1)} MB`,
      `  write:            ${Math.round(n / (writeMs / 1000)).toLocaleString()} records/s (${writeMs.toFixed(0)} ms)`,
      `  read + aggregate: ${Math.round(n / (readMs / 1000)).toLocaleString()} records/s (${readMs.toFixed(0)} ms)`,
      `  RSS growth:       ${((rssPeak - rssBefore) / 1e6).toFixed(0)} MB`,
      `  report + every reporter: ${reportMs.toFixed(0)} ms (${(rendered / 1e6).toFixed(1)} MB rendered)`,
      `  peak RSS (write, aggregate, report, every reporter; own process): ${peakRssMb.toFixed(0)} MB (goal for 1M records: < 200 MB)`,
    ];
    return { lines, figures };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
