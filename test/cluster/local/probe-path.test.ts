import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeProbe, probeOnce as proofProbeOnce } from '../../../src/check/proof/probe-once.ts';
import { runPreStop as proofPreStop } from '../../../src/check/proof/run-pre-stop.ts';
import type { ProofContainer } from '../../../src/check/proof/start-proof-container.ts';
import { runPreStop } from '../../../src/cluster/providers/local/pod/prestop-hook.ts';
import { probeOnce } from '../../../src/cluster/providers/local/pod/prober.ts';
import { probePath } from '../../../src/k8s/index.ts';
import type { Container } from '../../../src/k8s/manifest-types.ts';

/**
 * An httpGet path written without its leading slash (`path: healthz`) is requested as the kubelet
 * requests it, `/healthz`, by the embedded runtime's prober and preStop hook and by the `check`
 * proof (issue 16); an unset or empty path is `/`.
 */
let server: Server;
let port = 0;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    res.statusCode = req.url === '/healthz' || req.url === '/drain' || req.url === '/' ? 200 : 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const container = (): Container => ({ name: 'app', image: 'x', ports: [{ name: 'http', containerPort: port }] });
const target = () => ({ ip: '127.0.0.1', container: container(), cwd: '/', env: {} });

describe('httpGet path without a leading slash (issue 16)', () => {
  it.each([
    [undefined, '/'],
    ['', '/'],
    ['healthz', '/healthz'],
    ['/healthz', '/healthz'],
    ['ready?x=1', '/ready?x=1'],
  ])('probePath(%j) is %j', (path, want) => {
    expect(probePath(path === undefined ? {} : { path })).toBe(want);
  });

  it('the embedded prober requests /healthz for path healthz, and passes', async () => {
    seen.length = 0;
    expect(await probeOnce({ httpGet: { path: 'healthz', port: 'http' } }, target())).toBe(true);
    expect(seen).toEqual(['/healthz']);
  });

  it('the embedded preStop hook requests /drain for path drain', async () => {
    seen.length = 0;
    expect(await runPreStop({ httpGet: { path: 'drain', port } }, target(), new AbortController().signal)).toBe(true);
    expect(seen).toEqual(['/drain']);
  });

  it('the check proof probes and reports /healthz, and its preStop GET goes to /drain', async () => {
    const c = { address: (p: number) => ({ host: '127.0.0.1', port: p }) } as unknown as ProofContainer;
    const spec: Container = { ...container(), lifecycle: { preStop: { httpGet: { path: 'drain', port } } } };
    seen.length = 0;
    expect(await proofProbeOnce({ httpGet: { path: 'healthz', port } }, c, spec)).toBe(true);
    expect(await proofPreStop(c, spec, Date.now() + 2000)).toBe('preStop httpGet /drain (answered 200)');
    expect(seen).toEqual(['/healthz', '/drain']);
    expect(describeProbe({ httpGet: { path: 'healthz', port: 8080 } })).toBe('httpGet /healthz:8080');
  });
});
