import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoad } from '../../src/load/load-driver.ts';
import { DEFAULT_POOL } from '../../src/load/plan/default-load.ts';
import { openRequestLog } from '../../src/load/request-log.ts';
import { TimelineRecorder } from '../../src/timeline/timeline-recorder.ts';
import { startServer } from '../load/servers.ts';

export type Misbehaviour = 'none' | 'reset' | '503';

/**
 * A real miniature run: an HTTP server, the load driver (20 req/s on each stream) through
 * baseline, disruption and recovery (phaseMs each), records streamed to a request log and phases to a timeline file.
 * During the disruption the server misbehaves as asked.
 */
export async function miniRun(misbehave: Misbehaviour, phaseMs = 400, dir?: string) {
  dir ??= await mkdtemp(join(tmpdir(), 'zd-run-'));
  let disrupted = false;
  const server = await startServer((req, res) => {
    res.setHeader('x-zerodrop-pod', disrupted ? 'web-old' : 'web-new');
    if (disrupted && misbehave === 'reset') return req.socket.resetAndDestroy();
    if (disrupted && misbehave === '503') res.statusCode = 503;
    res.end('ok');
  });
  const requestsFile = join(dir, 'requests.ndjson');
  const timelineFile = join(dir, 'timeline.ndjson');
  const timeline = new TimelineRecorder(timelineFile);
  const streams = [
    { name: 'keep-alive' as const, rate: 20 },
    { name: 'new-connection' as const, rate: 20 },
  ];
  const log = openRequestLog(requestsFile, streams);
  // Each phase lasts phaseMs, and longer on a busy machine until at least 3 requests ended in it.
  let phaseStart = 0;
  let inPhase = 0;
  const load = startLoad({
    target: { host: '127.0.0.1', port: server.port, path: '/' },
    streams,
    maxConnections: 100,
    timeoutMs: 1000,
    reconnectEvery: 0,
    pool: DEFAULT_POOL,
    onRecord: (r) => {
      log.write(r);
      if (r.t + r.ms >= phaseStart) inPhase++;
    },
  });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const phase = async () => {
    phaseStart = Date.now();
    inPhase = 0;
    await sleep(phaseMs);
    for (let waited = 0; inPhase < 3 && waited < 10_000; waited += 50) await sleep(50);
  };
  timeline.emit({ kind: 'phase', detail: 'baseline' });
  await phase();
  timeline.emit({ kind: 'phase', detail: 'disruption' });
  disrupted = true;
  timeline.emit({ kind: 'pod-deleted', pod: 'web-old' });
  await phase();
  disrupted = false;
  timeline.emit({ kind: 'endpoint-removed', pod: 'web-old' });
  timeline.emit({ kind: 'phase', detail: 'recovery' });
  await phase();
  timeline.emit({ kind: 'phase', detail: 'end' }); // nothing is sent after end; answers in flight count in recovery
  await load.stop();
  await log.close();
  await timeline.close();
  await server.close();
  return { dir, requestsFile, timelineFile, timeline: timeline.events(), serverRequests: server.requests };
}
