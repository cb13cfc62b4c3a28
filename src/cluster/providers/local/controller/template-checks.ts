import { ZerodropError } from '../../../../errors/index.ts';
import type { Deployment } from '../../../../k8s/index.ts';

const CONTAINERS = 'spec.template.spec.containers';

/**
 * What the API server rejects in a pod template and the embedded runtime would otherwise wait on
 * for ever: two containers with the same name, a probe naming a port the container does not have.
 */
export function checkPodTemplate(dep: Deployment, file?: string): void {
  const seen = new Set<string>();
  dep.spec.template.spec.containers.forEach((c, i) => {
    if (seen.has(c.name)) throw new ZerodropError(`Duplicate value: "${c.name}"`, { file, field: `${CONTAINERS}[${i}].name` });
    seen.add(c.name);
    for (const kind of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
      const probe = c[kind];
      const action = probe?.httpGet ? 'httpGet' : probe?.tcpSocket ? 'tcpSocket' : undefined;
      const port = action ? probe![action]!.port : undefined;
      if (typeof port !== 'string' || /^\d+$/.test(port)) continue;
      if (!c.ports?.some((p) => p.name === port)) {
        const names =
          c.ports
            ?.map((p) => p.name)
            .filter(Boolean)
            .join(', ') || 'none';
        throw new ZerodropError(`port "${port}" names no port of container ${c.name} (named ports: ${names})`, {
          file,
          field: `${CONTAINERS}[${i}].${kind}.${action}.port`,
        });
      }
    }
  });
}
