import { ZerodropError } from '../errors/index.ts';
import { dns1123LabelProblem, dns1123SubdomainProblem } from './names.ts';

/** A live workload named as kubectl names it: `deployment/web` in a namespace. */
export interface WorkloadRef {
  kind: 'Deployment';
  name: string;
  namespace: string;
}

/** kubectl's spellings of the Deployment resource. */
const DEPLOYMENT = /^(deployment|deployments|deploy|deployment\.apps|deployments\.apps)$/i;

/** True when `text` is `TYPE/NAME` (a workload), not `host:port`. */
export function isWorkloadRef(text: string): boolean {
  return /^[a-z.]+\/[^/]+$/i.test(text.trim());
}

/**
 * `deployment/NAME` (or kubectl's other spellings: `deploy/NAME`, `deployments.apps/NAME`) in
 * `namespace`. Other kinds and bad names are one-line errors naming the flag.
 */
export function parseWorkloadRef(text: string, namespace: string, field = '--target'): WorkloadRef {
  const [type, name] = text.trim().split('/');
  if (!DEPLOYMENT.test(type ?? '')) {
    throw new ZerodropError(`${JSON.stringify(text)}: only Deployments can be targets (deployment/NAME)`, { field });
  }
  const nameProblem = dns1123SubdomainProblem(name);
  if (nameProblem) throw new ZerodropError(`${JSON.stringify(text)}: the name ${nameProblem}`, { field });
  const nsProblem = dns1123LabelProblem(namespace);
  if (nsProblem) throw new ZerodropError(`namespace ${nsProblem}`, { field: '--namespace' });
  return { kind: 'Deployment', name, namespace };
}

/** Namespaces of the cluster's own components, which zerodrop never disrupts. */
export function systemNamespace(namespace: string): boolean {
  return /^kube-/.test(namespace) || /^openshift(-|$)/.test(namespace) || namespace === 'local-path-storage';
}
