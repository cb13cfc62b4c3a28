import http from 'node:http';
import type { Workload } from '../../src/cluster/provider.ts';

/** One GET on its own connection (agent: false): status and the pod that answered. */
export function get(target: { host: string; port: number }): Promise<{ status: number; pod: string }> {
  return new Promise((res, rej) => {
    const req = http.get({ ...target, path: '/', agent: false, timeout: 3000 }, (r) => {
      r.resume();
      r.on('end', () => res({ status: r.statusCode ?? 0, pod: String(r.headers['x-zerodrop-pod'] ?? '') }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', rej);
  });
}

/** Sequential requests on new connections, every 10 ms, while `during` runs. */
export async function underLoad(workload: Workload, during: () => Promise<void>): Promise<{ outcomes: string[]; servedBy: Set<string> }> {
  let stop = false;
  const outcomes: string[] = [];
  const servedBy = new Set<string>();
  const load = (async () => {
    while (!stop) {
      try {
        const r = await get(workload.target);
        outcomes.push(String(r.status));
        servedBy.add(r.pod);
      } catch (e) {
        outcomes.push((e as NodeJS.ErrnoException).code ?? String(e));
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  try {
    await during();
  } finally {
    stop = true;
    await load;
  }
  return { outcomes, servedBy };
}
