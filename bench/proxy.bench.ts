import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { L4Proxy } from '../src/cluster/providers/local/service/l4-proxy.ts';

interface Result {
  requests: { average: number };
  latency: { p99: number };
  errors: number;
}

function blast(port: number, seconds: number): Promise<Result> {
  return autocannon({ url: `http://127.0.0.1:${port}/`, connections: 16, duration: seconds }) as Promise<Result>;
}

/** Closed-loop throughput straight to a Node HTTP server vs through the embedded Service proxy. */
export async function benchProxy(seconds: number): Promise<string[]> {
  const server: Server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const backendPort = (server.address() as AddressInfo).port;
  const proxy = new L4Proxy();
  const { port } = await proxy.listen();
  proxy.setEndpoints([{ pod: 'p', host: '127.0.0.1', port: backendPort, ready: true, serving: true, terminating: false }]);
  try {
    const direct = await blast(backendPort, seconds);
    const proxied = await blast(port, seconds);
    const line = (name: string, r: Result) =>
      `  ${name.padEnd(10)} ${Math.round(r.requests.average).toLocaleString().padStart(8)} req/s  p99 ${r.latency.p99} ms  errors ${r.errors}`;
    return [
      `embedded Service proxy (16 keep-alive connections, ${seconds} s each):`,
      line('direct', direct),
      line('via proxy', proxied),
      `  proxy keeps ${((proxied.requests.average / direct.requests.average) * 100).toFixed(0)}% of direct throughput`,
    ];
  } finally {
    await proxy.close();
    await new Promise((r) => server.close(r));
  }
}
