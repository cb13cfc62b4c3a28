import { ZerodropError } from '../../../errors/index.ts';
import type { ManifestSet } from '../../../k8s/index.ts';

/** What the embedded runtime derives from a scenario's Deployment + Service. */
export interface WorkloadSpec {
  /** The Service's first port's targetPort, resolved to a containerPort number. */
  targetPort: number;
  /** Every containerPort of the pod template (a pod address is handed out only when all are free). */
  containerPorts: number[];
  selector: Record<string, string>;
}

export function workloadSpec(m: ManifestSet): WorkloadSpec {
  const containers = m.deployment.spec.template.spec.containers;
  const ports = containers.flatMap((c) => c.ports ?? []);
  const svcPort = m.service.spec.ports[0];
  if (!svcPort) throw new ZerodropError('the Service has no port', { file: m.file, field: 'spec.ports' });
  const raw = svcPort.targetPort ?? svcPort.port;
  let targetPort: number;
  if (typeof raw === 'number') targetPort = raw;
  else if (/^\d+$/.test(raw)) targetPort = Number(raw);
  else {
    const named = ports.find((p) => p.name === raw);
    if (!named) {
      throw new ZerodropError(`targetPort "${raw}" names no containerPort of the Deployment's containers`, {
        file: m.file,
        field: 'spec.ports[0].targetPort',
      });
    }
    targetPort = named.containerPort;
  }
  const labels = m.deployment.spec.template.metadata?.labels ?? {};
  const off = (sel: Record<string, string>) =>
    Object.entries(sel)
      .filter(([k, v]) => labels[k] !== v)
      .map(([k, v]) => `${k}=${v}`);
  const depOff = off(m.deployment.spec.selector.matchLabels);
  if (depOff.length) {
    throw new ZerodropError(`Deployment selector does not match the pod template's labels (${depOff.join(', ')})`, {
      file: m.file,
      field: 'spec.selector.matchLabels',
    });
  }
  const svcOff = off(m.service.spec.selector);
  if (svcOff.length) {
    throw new ZerodropError(`Service selector matches no pod of the Deployment (${svcOff.join(', ')})`, {
      file: m.file,
      field: 'spec.selector',
    });
  }
  const containerPorts = [...new Set([targetPort, ...ports.map((p) => p.containerPort)])];
  return { targetPort, containerPorts, selector: m.service.spec.selector };
}
