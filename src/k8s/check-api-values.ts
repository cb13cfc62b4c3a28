import { displayPath } from '../util/index.ts';
import { ApiChecker, show } from './api-checker.ts';
import { checkHandler, HOOKS } from './check-handlers.ts';
import type { ManifestSet } from './manifest-types.ts';
import { dns1035LabelProblem, dns1123LabelProblem, dns1123SubdomainProblem, labelValueProblem, portNameProblem } from './names.ts';

/** Longest time value zerodrop accepts in a manifest (s): far above any rollout, far below a timer overflow. */
const MAX_SECONDS = 86_400;
const MAX_REPLICAS = 100;
const PROBES = ['startupProbe', 'readinessProbe', 'livenessProbe'] as const;

/**
 * Rejects values the API server would reject, with its field path (probe periodSeconds 0,
 * a negative grace period, a PDB minAvailable "abc%", an env entry without a name, a nodePort
 * outside 30000-32767, ...), plus what zerodrop cannot measure (replicas 0) or time (values
 * beyond MAX_SECONDS). Names become namespaces and file names: they must be DNS-1123 labels.
 */
export function checkApiValues(set: ManifestSet): void {
  const file = displayPath(set.file);
  const d = new ApiChecker(set.deployment, file, `Deployment/${set.deployment.metadata.name}`);
  d.name('metadata.name', dns1123LabelProblem);
  checkMeta(d, 'metadata');
  checkMeta(d, 'spec.template.metadata');
  const replicas = d.value('spec.replicas');
  if (replicas === 0) throw d.fail('spec.replicas', 'must be at least 1: with no pod there is nothing to measure');
  d.int('spec.replicas', 1, MAX_REPLICAS);
  d.int('spec.minReadySeconds', 0, MAX_SECONDS);
  d.int('spec.progressDeadlineSeconds', 1, MAX_SECONDS);
  const deadline = d.value('spec.progressDeadlineSeconds');
  if (typeof deadline === 'number' && deadline <= ((d.value('spec.minReadySeconds') as number | undefined) ?? 0))
    throw d.fail('spec.progressDeadlineSeconds', 'must be greater than minReadySeconds');
  d.intOrPercent('spec.strategy.rollingUpdate.maxSurge', false);
  d.intOrPercent('spec.strategy.rollingUpdate.maxUnavailable', true);
  const ru = d.value('spec.strategy.rollingUpdate') as { maxSurge?: unknown; maxUnavailable?: unknown } | undefined;
  if (ru && isZero(ru.maxSurge) && isZero(ru.maxUnavailable))
    throw d.fail('spec.strategy.rollingUpdate.maxUnavailable', 'may not be 0 when maxSurge is 0');
  d.int('spec.template.spec.terminationGracePeriodSeconds', 0, MAX_SECONDS);
  const portNames = new Set<string>();
  const names = new Set<string>();
  d.list('spec.template.spec.containers').forEach((_, i) => {
    const c = `spec.template.spec.containers[${i}]`;
    d.name(`${c}.name`, dns1123LabelProblem);
    const name = d.value(`${c}.name`) as string;
    if (names.has(name)) throw d.fail(`${c}.name`, `duplicate container name ${show(name)}`);
    names.add(name);
    const image = d.value(`${c}.image`);
    if (typeof image === 'string' && (image.trim() !== image || /\s/.test(image)))
      throw d.fail(`${c}.image`, `must not contain spaces, got ${show(image)}`);
    const own = new Set<string>();
    d.list(`${c}.ports`).forEach((__, j) => {
      d.int(`${c}.ports[${j}].containerPort`, 1, 65535);
      if (d.value(`${c}.ports[${j}].containerPort`) === undefined) throw d.fail(`${c}.ports[${j}].containerPort`, 'is required');
      d.name(`${c}.ports[${j}].name`, portNameProblem);
      const pn = d.value(`${c}.ports[${j}].name`);
      if (typeof pn === 'string') {
        if (own.has(pn)) throw d.fail(`${c}.ports[${j}].name`, `duplicate port name ${show(pn)}`);
        own.add(pn);
        portNames.add(pn);
      }
    });
    d.list(`${c}.env`).forEach((__, j) => {
      const n = d.value(`${c}.env[${j}].name`);
      if (n === undefined || n === '') throw d.fail(`${c}.env[${j}].name`, 'is required');
      if (typeof n !== 'string' || n.includes('=')) throw d.fail(`${c}.env[${j}].name`, `must be a string without '=', got ${show(n)}`);
    });
    for (const kind of PROBES) {
      const p = `${c}.${kind}`;
      if (checkHandler(d, p, 'probe') === undefined) continue;
      d.int(`${p}.initialDelaySeconds`, 0, MAX_SECONDS);
      for (const f of ['periodSeconds', 'timeoutSeconds', 'failureThreshold']) d.int(`${p}.${f}`, 1, MAX_SECONDS);
      d.int(`${p}.successThreshold`, 1, kind === 'readinessProbe' ? MAX_SECONDS : 1);
      checkHandlerPort(d, `${p}.httpGet.port`, own);
      checkHandlerPort(d, `${p}.tcpSocket.port`, own);
      d.int(`${p}.grpc.port`, 1, 65535);
    }
    for (const hook of HOOKS) {
      const h = `${c}.lifecycle.${hook}`;
      if (checkHandler(d, h, 'hook') === undefined) continue;
      d.int(`${h}.sleep.seconds`, 0, MAX_SECONDS);
      checkHandlerPort(d, `${h}.httpGet.port`, own);
      checkHandlerPort(d, `${h}.tcpSocket.port`, own);
    }
  });
  checkService(set, file, portNames);
  if (set.pdb) {
    const b = new ApiChecker(set.pdb, file, `PodDisruptionBudget/${set.pdb.metadata.name}`);
    b.name('metadata.name', dns1123SubdomainProblem);
    checkMeta(b, 'metadata');
    b.intOrPercent('spec.minAvailable', true);
    b.intOrPercent('spec.maxUnavailable', true);
  }
}

function checkService(set: ManifestSet, file: string, portNames: Set<string>): void {
  const s = new ApiChecker(set.service, file, `Service/${set.service.metadata.name}`);
  s.name('metadata.name', dns1035LabelProblem);
  checkMeta(s, 'metadata');
  const nodePortType = (s.value('spec.type') ?? 'ClusterIP') === 'NodePort';
  s.list('spec.ports').forEach((_, i) => {
    const p = `spec.ports[${i}]`;
    const target = s.value(`${p}.targetPort`);
    if (typeof target === 'string') {
      s.name(`${p}.targetPort`, portNameProblem);
      if (!portNames.has(target))
        throw s.fail(
          `${p}.targetPort`,
          `names port ${show(target)}, which no container of Deployment/${set.deployment.metadata.name} declares`,
        );
    } else s.int(`${p}.targetPort`, 1, 65535);
    if (s.value(`${p}.nodePort`) !== undefined && !nodePortType) throw s.fail(`${p}.nodePort`, 'may only be set with spec.type NodePort');
    s.int(`${p}.nodePort`, 30000, 32767);
    s.name(`${p}.name`, portNameProblem);
  });
}

/** A probe or hook port: 1-65535, or the name of one of the container's own ports. */
function checkHandlerPort(d: ApiChecker, path: string, own: Set<string>): void {
  const v = d.value(path);
  if (typeof v === 'string') {
    d.name(path, portNameProblem);
    if (!own.has(v)) throw d.fail(path, `names port ${show(v)}, which the container does not declare in its ports`);
  } else d.int(path, 1, 65535);
}

function checkMeta(c: ApiChecker, meta: string): void {
  c.name(`${meta}.namespace`, dns1123LabelProblem);
  const labels = c.value(`${meta}.labels`);
  if (labels === null || typeof labels !== 'object') return;
  for (const [k, v] of Object.entries(labels)) {
    const p = labelValueProblem(v);
    if (p !== undefined) throw c.fail(`${meta}.labels.${k}`, p);
  }
}

function isZero(v: unknown): boolean {
  return v === 0 || v === '0%';
}
