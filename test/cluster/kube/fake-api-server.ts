import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { type KubeClients, makeClients } from '../../../src/cluster/kube/kube-clients.ts';

export interface Recorded {
  method: string;
  url: string;
  contentType: string;
  body: string;
}

export type Handler = (req: Recorded) => { status: number; body: unknown } | undefined;

/**
 * A stand-in API server on a real socket (plain HTTP): answers from `handler`, 404 Status otherwise,
 * and records every request. Used to test what client-node sends and how answers are mapped.
 */
export async function fakeApiServer(
  handler: Handler,
): Promise<{ clients: KubeClients; requests: Recorded[]; server: Server; close: () => Promise<void> }> {
  const requests: Recorded[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      const r: Recorded = { method: req.method ?? '', url: req.url ?? '', contentType: String(req.headers['content-type'] ?? ''), body };
      requests.push(r);
      const out = handler(r) ?? {
        status: 404,
        body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' },
      };
      res.writeHead(out.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    clients: makeClients(kubeConfigFor(`http://127.0.0.1:${port}`)),
    requests,
    server,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A KubeConfig with one context `fake` for a server URL (plain HTTP needs skipTLSVerify in client-node 2.x). */
export function kubeConfigFor(server: string, context = 'fake', cluster = 'fake'): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: cluster, server, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: context, cluster, user: 'u' }],
    currentContext: context,
  });
  return kc;
}
