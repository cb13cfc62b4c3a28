import { PatchStrategy } from '@kubernetes/client-node';
import { ZerodropError } from '../../errors/index.ts';
import { apiError } from './api-error.ts';
import { type KubeClients, patchOptions } from './kube-clients.ts';
import { type ApplyObject, describeObject } from './manifest-transform.ts';

export const FIELD_MANAGER = 'zerodrop';

/**
 * Server-side apply of one object (PATCH with application/apply-patch+yaml, field manager
 * `zerodrop`, force). Supports the kinds a scenario holds: Namespace, Deployment, Service,
 * PodDisruptionBudget.
 */
export async function applyObject(c: KubeClients, obj: ApplyObject): Promise<void> {
  const name = obj.metadata.name;
  const namespace = obj.metadata.namespace ?? '';
  const req = { name, namespace, body: obj, fieldManager: FIELD_MANAGER, force: true };
  const opts = patchOptions(PatchStrategy.ServerSideApply);
  try {
    switch (obj.kind) {
      case 'Namespace':
        await c.core.patchNamespace({ name, body: obj, fieldManager: FIELD_MANAGER, force: true }, opts);
        return;
      case 'Deployment':
        await c.apps.patchNamespacedDeployment(req, opts);
        return;
      case 'Service':
        await c.core.patchNamespacedService(req, opts);
        return;
      case 'PodDisruptionBudget':
        await c.policy.patchNamespacedPodDisruptionBudget(req, opts);
        return;
      default:
        throw new ZerodropError(`cannot apply kind ${obj.kind}`);
    }
  } catch (err) {
    throw apiError(`server-side apply of ${describeObject(obj)}`, err);
  }
}
