/**
 * A minimal read-only client for the kind cluster's API server (node readiness for `cluster up` and
 * `cluster status`), using the client certificate of the kubeconfig kind writes. Scenario work
 * talks to the API server through the kind provider, not through this.
 */

import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { parse } from 'yaml';
import { ZerodropError } from '../errors/index.ts';

export interface ApiCreds {
  server: string;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

interface Kubeconfig {
  'current-context'?: string;
  contexts?: { name: string; context: { cluster: string; user: string } }[];
  clusters?: { name: string; cluster: { server: string; 'certificate-authority-data'?: string } }[];
  users?: { name: string; user: { 'client-certificate-data'?: string; 'client-key-data'?: string } }[];
}

/** Credentials of the current context of a kubeconfig with embedded (base64) certificate data. */
export function credsFromKubeconfig(text: string, file = 'kubeconfig'): ApiCreds {
  const kc = parse(text) as Kubeconfig;
  const ctx = kc.contexts?.find((c) => c.name === kc['current-context']);
  if (!ctx) throw new ZerodropError('no current context', { file, field: 'current-context' });
  const cluster = kc.clusters?.find((c) => c.name === ctx.context.cluster)?.cluster;
  const user = kc.users?.find((u) => u.name === ctx.context.user)?.user;
  const ca = cluster?.['certificate-authority-data'];
  const cert = user?.['client-certificate-data'];
  const key = user?.['client-key-data'];
  if (!cluster?.server || !ca || !cert || !key) {
    throw new ZerodropError('the current context lacks server or embedded certificate data', { file, field: 'clusters/users' });
  }
  const b = (s: string) => Buffer.from(s, 'base64');
  return { server: cluster.server, ca: b(ca), cert: b(cert), key: b(key) };
}

export async function loadCreds(kubeconfigPath: string): Promise<ApiCreds> {
  return credsFromKubeconfig(await readFile(kubeconfigPath, 'utf8'), kubeconfigPath);
}

/** GET a path from the API server and parse the JSON body. */
export function apiGet<T>(creds: ApiCreds, path: string, timeoutMs = 10_000): Promise<T> {
  const url = new URL(path, creds.server);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'GET', ca: creds.ca, cert: creds.cert, key: creds.key, timeout: timeoutMs, headers: { accept: 'application/json' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new ZerodropError(`GET ${path}: HTTP ${res.statusCode}: ${body.slice(0, 200)}`));
          try {
            resolve(JSON.parse(body) as T);
          } catch (err) {
            reject(err);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

export interface NodeStatus {
  name: string;
  ready: boolean;
  roles: string[];
  version: string;
}

interface NodeList {
  items: {
    metadata: { name: string; labels?: Record<string, string> };
    status?: { conditions?: { type: string; status: string }[]; nodeInfo?: { kubeletVersion?: string } };
  }[];
}

/** Node names, readiness, roles and kubelet versions. */
export async function listNodes(creds: ApiCreds): Promise<NodeStatus[]> {
  const list = await apiGet<NodeList>(creds, '/api/v1/nodes');
  return list.items.map((n) => ({
    name: n.metadata.name,
    ready: n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    roles: Object.keys(n.metadata.labels ?? {})
      .filter((l) => l.startsWith('node-role.kubernetes.io/'))
      .map((l) => l.slice('node-role.kubernetes.io/'.length)),
    version: n.status?.nodeInfo?.kubeletVersion ?? '',
  }));
}
