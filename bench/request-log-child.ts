// Runs the request-log bench alone in this process, so its peak RSS is its own; prints one JSON line.
import { benchRequestLog } from './request-log.bench.ts';

const result = await benchRequestLog(Number(process.argv[2] ?? 1_000_000));
process.stdout.write(`${JSON.stringify(result)}\n`);
