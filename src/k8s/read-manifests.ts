import { resolve } from 'node:path';
import { ZerodropError } from '../errors/index.ts';
import { displayPath, get } from '../util/index.ts';
import { atLine, readYamlDocuments } from '../yaml/index.ts';
import { show } from './api-checker.ts';
import { checkApiValues } from './check-api-values.ts';
import type { Deployment, ManifestSet, PodDisruptionBudget, Service } from './manifest-types.ts';

const KINDS: Record<string, string> = { Deployment: 'apps/v1', Service: 'v1', PodDisruptionBudget: 'policy/v1' };

/**
 * Read a scenario manifest: multi-document YAML holding exactly one Deployment, one Service and
 * optionally one PodDisruptionBudget. Checks what any cluster would need (required fields,
 * selectors that match the pod template); fields the embedded runtime cannot run are checked
 * separately by checkLocalSupport, because real clusters accept them. Values the API server would
 * reject (and names unusable as paths) are rejected by checkApiValues.
 */
export function readManifests(file: string): ManifestSet {
  const shown = displayPath(file);
  const docs = readYamlDocuments(file);
  let deployment: Deployment | undefined;
  let service: Service | undefined;
  let pdb: PodDisruptionBudget | undefined;
  docs.forEach((doc, i) => {
    const where = `document ${i + 1}`;
    if (!isObject(doc))
      throw new ZerodropError('must be a Kubernetes object (a mapping with apiVersion and kind)', { file: shown, field: where });
    const kind = String(doc.kind ?? '');
    if (!(kind in KINDS)) {
      throw new ZerodropError(
        `kind ${kind || '(missing)'} is not part of a scenario manifest (one Deployment, one Service, optionally one PodDisruptionBudget)`,
        { file: shown, field: `${where}.kind` },
      );
    }
    const name = isObject(doc.metadata) ? doc.metadata.name : undefined;
    if (typeof name !== 'string' || name === '')
      throw new ZerodropError('is required', { file: shown, field: `${kind} (${where}): metadata.name` });
    const obj = `${kind}/${name}`;
    if (doc.apiVersion !== KINDS[kind])
      throw new ZerodropError(`must be ${KINDS[kind]}${atLine(doc, 'apiVersion')}`, { file: shown, field: `${obj}: apiVersion` });
    const dup = () => new ZerodropError(`a second ${kind} (a scenario manifest holds exactly one)`, { file: shown, field: obj });
    if (kind === 'Deployment') {
      if (deployment) throw dup();
      deployment = checkDeployment(doc, shown, obj);
    } else if (kind === 'Service') {
      if (service) throw dup();
      service = checkService(doc, shown, obj);
    } else {
      if (pdb) throw dup();
      pdb = checkPdb(doc, shown, obj);
    }
  });
  if (!deployment) throw new ZerodropError('no Deployment in the manifest', { file: shown });
  if (!service) throw new ZerodropError('no Service in the manifest', { file: shown });
  const labels = deployment.spec.template.metadata?.labels ?? {};
  const dep = `Deployment/${deployment.metadata.name}`;
  if (!matches(deployment.spec.selector.matchLabels, labels)) {
    throw new ZerodropError(`does not match spec.template.metadata.labels${atLine(deployment, 'spec.selector.matchLabels')}`, {
      file: shown,
      field: `${dep}: spec.selector.matchLabels`,
    });
  }
  if (!matches(service.spec.selector, labels)) {
    throw new ZerodropError(`selects no pod of ${dep} (no label match with its pod template)${atLine(service, 'spec.selector')}`, {
      file: shown,
      field: `Service/${service.metadata.name}: spec.selector`,
    });
  }
  if (pdb && !matches(pdb.spec.selector.matchLabels, labels)) {
    throw new ZerodropError(`selects no pod of ${dep}${atLine(pdb, 'spec.selector.matchLabels')}`, {
      file: shown,
      field: `PodDisruptionBudget/${pdb.metadata.name}: spec.selector.matchLabels`,
    });
  }
  const set: ManifestSet = { file: resolve(file), deployment, service, ...(pdb ? { pdb } : {}) };
  checkApiValues(set);
  return set;
}

function checkDeployment(doc: Record<string, unknown>, file: string, obj: string): Deployment {
  const need = requireAt(doc, file, obj);
  need('spec.selector.matchLabels', isLabelMap);
  need('spec.template.spec.containers', (v) => Array.isArray(v) && v.length > 0);
  const containers = get(doc, 'spec.template.spec.containers') as unknown[];
  containers.forEach((_, i) => {
    need(`spec.template.spec.containers[${i}].name`, isNonEmptyString);
    need(`spec.template.spec.containers[${i}].image`, isNonEmptyString);
  });
  return doc as unknown as Deployment;
}

function checkService(doc: Record<string, unknown>, file: string, obj: string): Service {
  const need = requireAt(doc, file, obj);
  need('spec.selector', (v) => isLabelMap(v) && Object.keys(v).length > 0);
  need('spec.ports', (v) => Array.isArray(v) && v.length > 0);
  (get(doc, 'spec.ports') as unknown[]).forEach((_, i) => need(`spec.ports[${i}].port`, isPort));
  return doc as unknown as Service;
}

function checkPdb(doc: Record<string, unknown>, file: string, obj: string): PodDisruptionBudget {
  const need = requireAt(doc, file, obj);
  need('spec.selector.matchLabels', isLabelMap);
  const spec = get(doc, 'spec') as Record<string, unknown>;
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    throw new ZerodropError('set minAvailable or maxUnavailable, not both', { file, field: `${obj}: spec` });
  }
  return doc as unknown as PodDisruptionBudget;
}

/** A checker that throws `file: Kind/name: path: is required or invalid` when `ok` fails. */
function requireAt(doc: unknown, file: string, obj: string) {
  return (path: string, ok: (v: unknown) => boolean): void => {
    const v = get(doc, path);
    if (!ok(v))
      throw new ZerodropError(`${v === undefined ? 'is required' : `is invalid, got ${show(v)}`}${atLine(doc as object, path)}`, {
        file,
        field: `${obj}: ${path}`,
      });
  };
}

export { get };

function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
function isLabelMap(v: unknown): v is Record<string, string> {
  return isObject(v) && Object.values(v).every((x) => typeof x === 'string');
}
function isNonEmptyString(v: unknown): boolean {
  return typeof v === 'string' && v !== '';
}
function isPort(v: unknown): boolean {
  return Number.isInteger(v) && (v as number) > 0 && (v as number) < 65536;
}
