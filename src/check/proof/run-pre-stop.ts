import type { Container } from '../../k8s/index.ts';
import { probePath, resolvePort } from '../../k8s/index.ts';
import { sleep } from '../../util/index.ts';
import { describeGet, getOnce } from './probe-once.ts';
import type { ProofContainer } from './start-proof-container.ts';

/**
 * The container's preStop hook as the kubelet runs it, inside the grace period (`deadline`):
 * sleep by waiting, exec through the engine, httpGet with one GET. Returns what ran, for the
 * report (`preStop sleep 3 s`), or undefined without a hook.
 */
export async function runPreStop(c: ProofContainer, spec: Container, deadline: number, signal?: AbortSignal): Promise<string | undefined> {
  const h = spec.lifecycle?.preStop;
  const left = () => Math.max(0, deadline - Date.now());
  if (!h) return undefined;
  if (h.sleep) {
    const seconds = h.sleep.seconds ?? 0;
    await sleep(Math.min(seconds * 1000, left()), signal);
    return `preStop sleep ${seconds} s`;
  }
  if (h.exec) {
    const what = `preStop exec ${h.exec.command.join(' ')}`;
    const r = await Promise.race([
      c.exec(h.exec.command).catch((err: Error) => ({ exitCode: -1, stdout: err.message })),
      sleep(left(), signal).then(() => undefined),
    ]);
    return r === undefined ? `${what} (still running at the grace deadline)` : `${what} (exit ${r.exitCode})`;
  }
  if (h.httpGet) {
    const port = resolvePort(h.httpGet.port, spec);
    const path = probePath(h.httpGet);
    if (port === undefined) return `preStop httpGet ${path} skipped (port ${h.httpGet.port} unknown)`;
    return `preStop httpGet ${path} (${describeGet(await getOnce(c, port, path, Math.max(1, left())))})`;
  }
  return 'preStop skipped (unknown handler)';
}
