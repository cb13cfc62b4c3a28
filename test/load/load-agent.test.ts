import { request } from 'node:http';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_CONFIG_ENV, type ResolvedAgentConfig, readAgentConfig } from '../../src/load/agent/agent-config.ts';
import { startLoadAgent } from '../../src/load/agent/load-agent.ts';
import { DEFAULT_POOL } from '../../src/load/plan/default-load.ts';
import { AgentStream } from '../../src/load/remote/agent-stream.ts';
import type { RequestRecord } from '../../src/load/types.ts';
import { freePort, startServer, type TestServer } from './servers.ts';

function call(port: number, method: string, path: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve(JSON.parse(body) as Record<string, unknown>));
    });
    req.on('error', reject);
    req.end();
  });
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const config = (port: number, controlPort: number): ResolvedAgentConfig => ({
  loader: 1,
  target: { host: '127.0.0.1', port, path: '/' },
  streams: [
    { name: 'keep-alive', rate: 100 },
    { name: 'new-connection', rate: 50 },
  ],
  maxConnections: 20,
  timeoutMs: 2000,
  reconnectEvery: 0,
  pool: DEFAULT_POOL,
  controlPort,
  maxRunSeconds: 60,
});

describe('load agent', () => {
  it('sends on /start, streams every record to stdout, and on /stop reports exactly the slots it wrote', async () => {
    server = await startServer((_req, res) => {
      res.setHeader('x-zerodrop-pod', 'web-1');
      res.end('ok');
    });
    const records: RequestRecord[] = [];
    const stream = new AgentStream({ record: (r) => records.push(r) });
    const out = new Writable({
      write(c: Buffer, _e, cb) {
        stream.push(c.toString('utf8'));
        cb();
      },
    });
    const agent = await startLoadAgent(config(server.port, 0), out);
    expect(stream.current?.header).toMatchObject({ loader: 1, port: agent.port });
    const clock = await call(agent.port, 'GET', '/clock');
    expect(Math.abs((clock.now as number) - Date.now())).toBeLessThan(1000);
    expect(await call(agent.port, 'POST', '/serving')).toEqual({ serving: true });
    await call(agent.port, 'POST', '/start');
    await new Promise((r) => setTimeout(r, 600));
    expect(await call(agent.port, 'GET', '/health')).toMatchObject({
      peakConnections: expect.any(Number),
      loopDelayP99Ms: expect.any(Number),
      sendLagMaxMs: expect.any(Number),
      stallBoundMs: 1500, // 75 % of the 2000 ms timeout
    });
    const done = await call(agent.port, 'POST', '/stop');
    await agent.finished;
    const slots = done.slots as Record<string, number>;
    expect(records.length).toBeGreaterThan(50);
    expect(slots['keep-alive']).toBe(records.filter((r) => r.stream === 'keep-alive').length);
    expect(slots['new-connection']).toBe(records.filter((r) => r.stream === 'new-connection').length);
    expect(stream.done).toBe(true);
    expect(stream.current?.started).toBeGreaterThan(0);
    expect(records.every((r) => r.loader === 1 && r.code === 200 && r.pod === 'web-1')).toBe(true);
    expect(server.requests).toBe(records.length + 18); // and the serving check's 3 batches of 6
  });

  it('answers /serving false while the target refuses', async () => {
    const agent = await startLoadAgent(
      config(await freePort(), 0),
      new Writable({
        write(_c, _e, cb) {
          cb();
        },
      }),
    );
    const answer = await call(agent.port, 'POST', '/serving');
    expect(answer.serving).toBe(false);
    expect(String(answer.why)).toMatch(/ECONNREFUSED/);
    await call(agent.port, 'POST', '/stop');
    await agent.finished;
  });

  it('reads its config from the environment and names the variable when it is bad', () => {
    const good = JSON.stringify({ ...config(80, 9470), loader: undefined, target: { host: '', port: 30080, path: '/' } });
    expect(readAgentConfig({ [AGENT_CONFIG_ENV]: good, JOB_COMPLETION_INDEX: '2', ZERODROP_NODE_IP: '10.0.0.5' })).toMatchObject({
      loader: 2,
      target: { host: '10.0.0.5', port: 30080 },
    });
    expect(() => readAgentConfig({})).toThrow(/is not set/);
    expect(() => readAgentConfig({ [AGENT_CONFIG_ENV]: good })).toThrow(/ZERODROP_NODE_IP/);
    expect(() =>
      readAgentConfig({ [AGENT_CONFIG_ENV]: JSON.stringify({ ...JSON.parse(good), streams: [] }), ZERODROP_NODE_IP: 'x' }),
    ).toThrow(/streams/);
  });
});
