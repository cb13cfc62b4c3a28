import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { makeClients } from '../../../src/cluster/kube/kube-clients.ts';
import { PodLogFollower } from '../../../src/cluster/kube/pod-log-follow.ts';
import { splitTimestamp } from '../../../src/load/remote/agent-lines.ts';
import { AgentStream } from '../../../src/load/remote/agent-stream.ts';
import { generateAgentLog } from '../../load/remote-fixtures.ts';
import { kubeConfigFor } from './fake-api-server.ts';

type Breaks = 'reset' | 'stall';

/**
 * A log endpoint that breaks its first stream (the socket reset mid-line, or silence), then on
 * the resumed request (sinceTime, second precision as the API server passes it on) repeats the
 * lines of that second and sends the rest. The pod reads as running.
 */
async function logServer(lines: string[], breaks: Breaks): Promise<{ server: Server; url: string; since: (string | null)[] }> {
  const since: (string | null)[] = [];
  const cut = Math.floor(lines.length / 2);
  const server = createServer((req, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.endsWith('/log')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          metadata: { name: 'p' },
          status: { containerStatuses: [{ name: 'agent', restartCount: 0, state: { running: {} } }] },
        }),
      );
      return;
    }
    const from = url.searchParams.get('sinceTime');
    since.push(from);
    res.writeHead(200, { 'content-type': 'text/plain' });
    if (from === null) {
      res.write(
        lines
          .slice(0, cut)
          .map((l) => `${l}\n`)
          .join('') + lines[cut].slice(0, 20),
      );
      if (breaks === 'reset') setTimeout(() => res.socket?.destroy(), 50);
      return; // 'stall': stays open, silent
    }
    const second = Math.floor(Date.parse(from) / 1000) * 1000;
    res.end(
      lines
        .filter((l) => Date.parse(splitTimestamp(l).ts!) >= second)
        .map((l) => `${l}\n`)
        .join(''),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, since };
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

describe('pod log follower', () => {
  for (const breaks of ['reset', 'stall'] as const) {
    it(`resumes a stream that ${breaks === 'reset' ? 'breaks mid-line' : 'goes silent'} from the last timestamp and reads every record once`, async () => {
      const start = Date.parse('2026-03-01T10:00:00.000Z');
      const log = await generateAgentLog({
        loader: 0,
        streams: [{ name: 'keep-alive', rate: 100 }],
        start,
        stop: start + 5000,
        clock: { offsetMs: 0, driftPpm: 0, t0: start },
        seed: 31,
      });
      const fake = await logServer(log.lines, breaks);
      server = fake.server;
      let records = 0;
      const stream = new AgentStream({ record: () => records++ });
      const clients = makeClients(kubeConfigFor(fake.url));
      const follower = new PodLogFollower({
        clients,
        namespace: 'ns',
        pod: 'p',
        container: 'agent',
        stream,
        stallMs: 300,
        state: async () => ({ state: 'running', restartCount: 0 }),
      });
      await follower.ended;
      expect(records).toBe(log.truth.length);
      expect(stream.done).toBe(true);
      expect(fake.since).toHaveLength(2);
      expect(fake.since[0]).toBeNull();
      expect(fake.since[1]).toBe(splitTimestamp(log.lines[Math.floor(log.lines.length / 2) - 1]).ts);
    }, 20_000);
  }
});
