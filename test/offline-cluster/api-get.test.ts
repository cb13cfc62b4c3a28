import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { credsFromKubeconfig, listNodes } from '../../src/offline-cluster/api-get.ts';

const run = promisify(execFile);
let dir = '';
let server: Server;
let kubeconfig = '';
let clientCN = '';

async function selfSigned(name: string, san: string): Promise<{ cert: Buffer; key: Buffer }> {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    `/CN=${name}`,
    '-addext',
    `subjectAltName=${san}`,
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  return { cert: await readFile(cert), key: await readFile(key) };
}

const NODES = {
  items: [
    {
      metadata: { name: 'z-control-plane', labels: { 'node-role.kubernetes.io/control-plane': '' } },
      status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.34.4' } },
    },
    {
      metadata: { name: 'z-worker' },
      status: {
        conditions: [
          { type: 'MemoryPressure', status: 'False' },
          { type: 'Ready', status: 'False' },
        ],
      },
    },
  ],
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zerodrop-api-'));
  const srv = await selfSigned('server', 'IP:127.0.0.1');
  const client = await selfSigned('client', 'DNS:client');
  server = createServer({ cert: srv.cert, key: srv.key, ca: client.cert, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    clientCN = String((req.socket as import('node:tls').TLSSocket).getPeerCertificate().subject?.CN ?? '');
    if (req.url === '/api/v1/nodes') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(NODES));
    } else res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const b64 = (b: Buffer) => b.toString('base64');
  kubeconfig = stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'kind-z',
    contexts: [{ name: 'kind-z', context: { cluster: 'kind-z', user: 'kind-z' } }],
    clusters: [{ name: 'kind-z', cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority-data': b64(srv.cert) } }],
    users: [{ name: 'kind-z', user: { 'client-certificate-data': b64(client.cert), 'client-key-data': b64(client.key) } }],
  });
}, 30_000);

afterAll(async () => {
  server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('API server reads', () => {
  it('lists nodes over mutual TLS with the kubeconfig credentials', async () => {
    const nodes = await listNodes(credsFromKubeconfig(kubeconfig));
    expect(clientCN).toBe('client');
    expect(nodes).toEqual([
      { name: 'z-control-plane', ready: true, roles: ['control-plane'], version: 'v1.34.4' },
      { name: 'z-worker', ready: false, roles: [], version: '' },
    ]);
  });

  it('is refused without the client certificate', async () => {
    const creds = credsFromKubeconfig(kubeconfig);
    await expect(listNodes({ ...creds, cert: Buffer.alloc(0), key: Buffer.alloc(0) })).rejects.toThrow();
  });

  it('names the kubeconfig field that is missing', () => {
    expect(() => credsFromKubeconfig('current-context: nope\ncontexts: []\n', '/tmp/kc')).toThrow(/no current context/);
    let err: unknown;
    try {
      credsFromKubeconfig('current-context: nope\n', '/tmp/kc');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ file: '/tmp/kc', field: 'current-context' });
  });
});
