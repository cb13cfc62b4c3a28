import { fork } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAutocannon } from '../src/load/autocannon-client.ts';
import { startLoad } from '../src/load/load-driver.ts';
import { DEFAULT_POOL } from '../src/load/plan/default-load.ts';
import { openRequestLog } from '../src/load/request-log.ts';

export interface LoadBench {
  connections: number;
  seconds: number;
  rounds: number;
  rawAutocannonRps: number[];
  recordingDriverRps: number[];
  /** The same driver with records discarded instead of written: what recording itself costs. */
  unrecordedDriverRps: number[];
  medianRawRps: number;
  medianRecordingRps: number;
  medianUnrecordedRps: number;
  /** median recording / median raw: the cost of recording every request (goal >= 0.95). */
  recordingThroughputRatio: number;
  /** median unrecorded / median raw: the cost of the driver alone. */
  unrecordedThroughputRatio: number;
  bytesPerRecord: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function rawRound(port: number, connections: number, seconds: number): Promise<number> {
  const r = await runAutocannon({ url: `http://127.0.0.1:${port}/`, connections, duration: seconds });
  return r.requests.total / r.duration;
}

async function recordingRound(
  port: number,
  connections: number,
  seconds: number,
  file: string | undefined,
): Promise<{ rps: number; bytes: number; n: number }> {
  const log = file
    ? openRequestLog(file, [{ name: 'keep-alive', rate: Infinity }])
    : { write: () => undefined, close: async () => undefined };
  let n = 0;
  const t0 = performance.now();
  const run = startLoad({
    target: { host: '127.0.0.1', port, path: '/' },
    streams: [{ name: 'keep-alive', rate: Infinity }],
    maxConnections: connections,
    timeoutMs: 10_000,
    reconnectEvery: 0,
    pool: DEFAULT_POOL,
    onRecord: (r) => {
      log.write(r);
      n++;
    },
  });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  await run.stop();
  const elapsed = (performance.now() - t0) / 1000;
  await log.close();
  return { rps: n / elapsed, bytes: file ? (await stat(file)).size : 0, n };
}

/**
 * Maximum throughput of the recording load driver (autocannon's client, open-model scheduler,
 * every request written to a request log on disk) against raw autocannon, same local server
 * (own process), same connections, alternating rounds; medians.
 */
export async function benchLoad(connections: number, seconds: number, rounds: number): Promise<LoadBench> {
  const child = fork(join(import.meta.dirname, 'bench-server.ts'), { stdio: 'inherit' });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  const dir = await mkdtemp(join(tmpdir(), 'zerodrop-bench-load-'));
  const raw: number[] = [];
  const rec: number[] = [];
  const bare: number[] = [];
  let bytes = 0;
  let records = 0;
  try {
    await rawRound(port, connections, 1); // warm both paths up (JIT), unmeasured
    await recordingRound(port, connections, 1, join(dir, 'warm.ndjson'));
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 ? ['rec', 'bare', 'raw'] : ['raw', 'bare', 'rec'];
      for (const which of order) {
        if (which === 'raw') raw.push(await rawRound(port, connections, seconds));
        else if (which === 'bare') bare.push((await recordingRound(port, connections, seconds, undefined)).rps);
        else {
          const r = await recordingRound(port, connections, seconds, join(dir, `r${i}.ndjson`));
          rec.push(r.rps);
          bytes += r.bytes;
          records += r.n;
        }
      }
    }
  } finally {
    child.disconnect();
    await rm(dir, { recursive: true, force: true });
  }
  const medianRawRps = median(raw);
  const medianRecordingRps = median(rec);
  return {
    connections,
    seconds,
    rounds,
    rawAutocannonRps: raw.map(Math.round),
    recordingDriverRps: rec.map(Math.round),
    unrecordedDriverRps: bare.map(Math.round),
    medianRawRps: Math.round(medianRawRps),
    medianRecordingRps: Math.round(medianRecordingRps),
    medianUnrecordedRps: Math.round(median(bare)),
    recordingThroughputRatio: Math.round((medianRecordingRps / medianRawRps) * 1000) / 1000,
    unrecordedThroughputRatio: Math.round((median(bare) / medianRawRps) * 1000) / 1000,
    bytesPerRecord: Math.round((bytes / Math.max(1, records)) * 10) / 10,
  };
}
