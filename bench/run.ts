// npm run bench: prints speed and memory figures. No pass/fail thresholds: compare figures over time.
import { benchProxy } from './proxy.bench.ts';
import { benchRequestLog } from './request-log.bench.ts';

const n = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
console.log(`zerodrop bench on Node ${process.version}, ${new Date().toISOString()}`);
for (const line of await benchRequestLog(n)) console.log(line);
for (const line of await benchProxy(seconds)) console.log(line);
