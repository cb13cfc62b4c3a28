import { request } from 'node:http';
import { ZerodropError } from '../errors/index.ts';
import { sleep } from '../util/index.ts';
import { POD_HEADER } from './types.ts';

export interface GetResult {
  status: number;
  pod: string;
}

/** One GET on a fresh connection (no keep-alive); rejects on any socket error or after timeoutMs. */
export function httpGetOnce(target: { host: string; port: number }, path = '/', timeoutMs = 3000): Promise<GetResult> {
  return new Promise((resolve, reject) => {
    const req = request({ host: target.host, port: target.port, path, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, pod: String(res.headers[POD_HEADER] ?? '') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Resolves once the Service answers `rounds` batches in a row (default 3) of `batch` concurrent
 * requests (fresh connections) all with 2xx/3xx: one batch of 6 over two pods lands on one pod
 * alone about once in 32, so a pod not yet listening could pass unseen and fail the baseline. A Deployment can be "available" while its app still warms up (no readiness probe);
 * the baseline must start on a serving app. Each request may take up to `requestTimeoutMs`.
 */
export async function waitServing(
  target: { host: string; port: number },
  path: string,
  opts: { timeoutMs: number; requestTimeoutMs: number; signal?: AbortSignal; batch?: number; rounds?: number },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  const batch = opts.batch ?? 6;
  const rounds = opts.rounds ?? 3;
  let last = '';
  let good = 0;
  for (;;) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => httpGetOnce(target, path, opts.requestTimeoutMs)));
    const bad = results.find((r) => r.status === 'rejected' || r.value.status < 200 || r.value.status >= 400);
    if (!bad && ++good >= rounds) return;
    if (!bad) continue;
    good = 0;
    last =
      bad.status === 'rejected'
        ? ((bad.reason as NodeJS.ErrnoException).code ?? (bad.reason as Error).message)
        : `HTTP ${bad.value.status}`;
    if (Date.now() > deadline) {
      throw new ZerodropError(
        `the Service at ${target.host}:${target.port}${path} never answered ${batch} concurrent requests with 2xx/3xx (last failure: ${last})`,
      );
    }
    await sleep(200, opts.signal);
  }
}
