/**
 * The load Job's container runs zerodrop's own image with the argument `agent`: here that argument
 * is given to the real bin/zerodrop.js with the container's own environment (its config, a
 * completion index), against a real local HTTP server. The agent must start (its header line on
 * stdout), start on the harness's POST /start, send requests the server answers, and exit 0 on SIGTERM as the kubelet sends it.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_COMMAND, loadJobManifest } from '../../../src/cluster/kube/load-job/load-job.ts';
import { planLoadJob } from '../../../src/cluster/kube/load-job/load-job-plan.ts';
import { DEFAULT_LOAD, resolveLoadPlan } from '../../../src/load/index.ts';
import { BIN } from '../../cli/run-cli.ts';

type Container = { image: string; args?: string[]; env: { name: string; value?: string }[] };
const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

describe('zerodrop agent (the load pods of --load-from cluster)', () => {
  it("runs zerodrop's image with the argument `agent`, which starts the load agent from the container's environment", async () => {
    let answered = 0;
    const server = createServer((_req, res) => {
      answered++;
      res.end('ok');
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const job = loadJobManifest(
      planLoadJob(
        {
          namespace: 'zerodrop-r-s',
          run: 'r',
          image: 'zerodrop/zerodrop:0.1.0-abc',
          hostNetwork: false,
          tolerateControlPlane: true,
          target: { clusterIP: '127.0.0.1', port, nodePort: 30080 },
          plan: resolveLoadPlan({ ...DEFAULT_LOAD, rate: 40 }),
          maxRunSeconds: 30,
        },
        1,
      ),
    );
    const container = (job.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers[0];
    expect(container.image).toBe('zerodrop/zerodrop:0.1.0-abc');
    expect(container.args).toEqual([AGENT_COMMAND]);
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', JOB_COMPLETION_INDEX: '0' };
    for (const e of container.env) if (e.value !== undefined) env[e.name] = e.value;
    // The pod's own port; here any free one, so the test never collides with another agent.
    const config = JSON.parse(env.ZERODROP_AGENT_CONFIG) as { controlPort: number };
    env.ZERODROP_AGENT_CONFIG = JSON.stringify({ ...config, controlPort: 0 });

    const child = spawn(process.execPath, [BIN, ...container.args!], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const sleep = () => new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 100 && !out.includes('\n'); i++) await sleep();
    const header = JSON.parse(out.split('\n')[0]) as { agent: string; loader: number; port: number };
    expect(header, err).toMatchObject({ agent: 'zerodrop-load-agent', loader: 0 });
    // The harness starts the load through the agent's control port (the pod proxy on a cluster).
    expect((await fetch(`http://127.0.0.1:${header.port}/start`, { method: 'POST' })).status).toBe(200);
    for (let i = 0; i < 100 && answered < 10; i++) await sleep();
    child.kill('SIGTERM');
    expect(await exited, err).toBe(0);
    expect(out).toContain('"done":');
    expect(answered).toBeGreaterThanOrEqual(10);
    expect(err).toBe('');
  }, 30_000);
});
