// npm run bench: prints speed and memory figures and saves them to reports/bench/<timestamp>.json.
// No pass/fail thresholds: compare figures over time.

import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchLoad } from './load.bench.ts';
import { benchProxy } from './proxy.bench.ts';

const n = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const startedAt = new Date();
console.log(`zerodrop bench on Node ${process.version}, ${startedAt.toISOString()}`);

const load = await benchLoad(connections, seconds, rounds);
console.log(
  `load driver vs raw autocannon (${connections} keep-alive connections, ${rounds} rounds of ${seconds} s, server in its own process):`,
);
console.log(`  raw autocannon:          median ${load.medianRawRps.toLocaleString()} req/s  (rounds ${load.rawAutocannonRps.join(', ')})`);
console.log(
  `  recording load driver:   median ${load.medianRecordingRps.toLocaleString()} req/s  (rounds ${load.recordingDriverRps.join(', ')})`,
);
console.log(
  `  driver, records dropped: median ${load.medianUnrecordedRps.toLocaleString()} req/s  (rounds ${load.unrecordedDriverRps.join(', ')}), ratio ${load.unrecordedThroughputRatio}`,
);
console.log(`  recordingThroughputRatio ${load.recordingThroughputRatio} (goal >= 0.95), ${load.bytesPerRecord} bytes/record on disk`);

// In a process of its own: its peak RSS is then that of writing, aggregating and reporting alone.
const child = fileURLToPath(new URL('./request-log-child.ts', import.meta.url));
const log = JSON.parse(execFileSync(process.execPath, [child, String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 })) as {
  lines: string[];
  figures: Record<string, number>;
};
for (const line of log.lines) console.log(line);
const proxy = await benchProxy(seconds);
for (const line of proxy) console.log(line);

const dir = join('reports', 'bench');
await mkdir(dir, { recursive: true });
const file = join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
await writeFile(
  file,
  `${JSON.stringify(
    {
      startedAt: startedAt.toISOString(),
      node: process.version,
      recordingThroughputRatio: load.recordingThroughputRatio,
      bytesPerRecord: load.bytesPerRecord,
      load,
      requestLog: log.figures,
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${file}`);
