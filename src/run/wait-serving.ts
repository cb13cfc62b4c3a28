import { request } from 'node:http';
import { ZerodropError } from '../errors/zerodrop-error.ts';
import { POD_HEADER } from '../load/types.ts';
import { abortableSleep } from '../util/abortable-sleep.ts';

export interface GetResult { status: number; pod: string }

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
 * Resolves once the Service answers `consecutive` requests in a row with 2xx/3xx. A Deployment can be
 * "available" while its app still warms up (no readiness probe); the baseline must start on a serving app.
 */
export async function waitServing(
  target: { host: string; port: number }, path: string, timeoutMs: number, signal?: AbortSignal, consecutive = 10,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let streak = 0;
  let last = '';
  while (streak < consecutive) {
    if (Date.now() > deadline) {
      throw new ZerodropError(`the Service at ${target.host}:${target.port}${path} never answered ${consecutive} requests in a row (last: ${last})`);
    }
    try {
      const res = await httpGetOnce(target, path, 2000);
      streak = res.status >= 200 && res.status < 400 ? streak + 1 : 0;
      last = `HTTP ${res.status}`;
    } catch (err) {
      streak = 0;
      last = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    }
    await abortableSleep(streak ? 20 : 200, signal);
  }
}
