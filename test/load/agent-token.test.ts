import { request } from 'node:http';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_CONFIG_ENV, AGENT_TOKEN_ENV, AGENT_TOKEN_HEADER, readAgentConfig } from '../../src/load/agent/agent-config.ts';
import { type LoadAgent, startLoadAgent } from '../../src/load/agent/load-agent.ts';
import { DEFAULT_POOL } from '../../src/load/plan/default-load.ts';

/** The status of one control request to a real agent, with or without a token header. */
function status(port: number, method: string, path: string, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = token === undefined ? {} : { [AGENT_TOKEN_HEADER]: token };
    const req = request({ host: '127.0.0.1', port, method, path, agent: false, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

const sink = new Writable({
  write(_c, _e, cb) {
    cb();
  },
});
const env = (token?: string) => ({
  [AGENT_CONFIG_ENV]: JSON.stringify({
    target: { host: '127.0.0.1', port: 9, path: '/' },
    streams: [{ name: 'keep-alive', rate: 1 }],
    maxConnections: 2,
    timeoutMs: 1000,
    reconnectEvery: 0,
    pool: DEFAULT_POOL,
    controlPort: 0,
    maxRunSeconds: 30,
  }),
  ...(token ? { [AGENT_TOKEN_ENV]: token } : {}),
});

let agent: LoadAgent | undefined;
afterEach(async () => {
  await agent?.stop();
  agent = undefined;
});

describe("the load agent's control token", () => {
  it('answers 403 to a control request without the token or with a wrong one, and the route to the right one', async () => {
    const config = readAgentConfig(env('s3cret-token'));
    expect(config.token).toBe('s3cret-token');
    agent = await startLoadAgent(config, sink);
    expect(await status(agent.port, 'GET', '/clock')).toBe(403);
    expect(await status(agent.port, 'GET', '/clock', 's3cret-tokem')).toBe(403);
    expect(await status(agent.port, 'GET', '/clock', 's3cret')).toBe(403);
    expect(await status(agent.port, 'POST', '/stop')).toBe(403);
    expect(await status(agent.port, 'GET', '/clock', 's3cret-token')).toBe(200);
  });

  it('needs no token when none is configured (an agent run by hand)', async () => {
    const config = readAgentConfig(env());
    expect(config.token).toBeUndefined();
    agent = await startLoadAgent(config, sink);
    expect(await status(agent.port, 'GET', '/clock')).toBe(200);
  });
});
