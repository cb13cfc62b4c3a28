import { setHeaderOptions } from '@kubernetes/client-node';
import { apiError } from './api-error.ts';
import { type KubeClients, timeoutOptions } from './kube-clients.ts';

export interface PodAddress {
  namespace: string;
  pod: string;
  port: number;
}

/**
 * One HTTP call to a port of a pod through the API server's pod proxy
 * (/api/v1/namespaces/NS/pods/POD:PORT/proxy/PATH): the harness reaches the load agents wherever
 * it runs, as long as it reaches the API server. The agent answers JSON as text/plain (the client
 * hands text back as is); the parsed value is returned. Aborted after `timeoutMs`.
 */
export async function podProxy(
  c: KubeClients,
  at: PodAddress,
  method: 'GET' | 'POST',
  path: string,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const req = { name: `${at.pod}:${at.port}`, namespace: at.namespace, path: path.replace(/^\//, '') };
  let opts = timeoutOptions(timeoutMs);
  for (const [k, v] of Object.entries(headers)) opts = setHeaderOptions(k, v, opts);
  try {
    const text =
      method === 'GET'
        ? await c.core.connectGetNamespacedPodProxyWithPath(req, opts)
        : await c.core.connectPostNamespacedPodProxyWithPath(req, opts);
    return typeof text === 'string' ? JSON.parse(text) : text;
  } catch (err) {
    throw apiError(`${method} ${path} on pod ${at.namespace}/${at.pod}:${at.port}`, err);
  }
}
