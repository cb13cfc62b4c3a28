import { describe, expect, it } from 'vitest';
import { ZerodropError } from '../../src/errors/zerodrop-error.ts';
import { isWorkloadRef, parseWorkloadRef, systemNamespace } from '../../src/k8s/workload-ref.ts';

describe('deployment/NAME targets', () => {
  it("reads kubectl's spellings of a Deployment, and tells a workload from host:port", () => {
    for (const t of ['deployment/web', 'deploy/web', 'deployments/web', 'deployment.apps/web', 'Deployment/web'])
      expect(parseWorkloadRef(t, 'shop'), t).toEqual({ kind: 'Deployment', name: 'web', namespace: 'shop' });
    expect(isWorkloadRef('deployment/web')).toBe(true);
    expect(isWorkloadRef('10.0.0.1:30080')).toBe(false);
    expect(isWorkloadRef('[::1]:30080')).toBe(false);
  });

  it('refuses other kinds, bad names and bad namespaces, naming the flag', () => {
    const line = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        if (err instanceof ZerodropError) return err.oneLine();
      }
      return 'no ZerodropError';
    };
    expect(line(() => parseWorkloadRef('statefulset/db', 'shop'))).toBe(
      '--target: "statefulset/db": only Deployments can be targets (deployment/NAME)',
    );
    expect(line(() => parseWorkloadRef('deployment/Web', 'shop'))).toMatch(
      /^--target: "deployment\/Web": the name "Web" is not a valid name: .*\(DNS-1123 subdomain\)$/,
    );
    expect(line(() => parseWorkloadRef('deployment/web', 'Shop'))).toMatch(
      /^--namespace: namespace "Shop" is not a valid name: .*\(DNS-1123 label\)$/,
    );
  });

  it("knows the cluster's own namespaces", () => {
    for (const ns of ['kube-system', 'kube-public', 'kube-node-lease', 'openshift-ingress', 'local-path-storage'])
      expect(systemNamespace(ns), ns).toBe(true);
    for (const ns of ['default', 'shop', 'kubernetes-dashboard-x', 'zerodrop-r1']) expect(systemNamespace(ns), ns).toBe(false);
  });
});
