import { dirname } from 'node:path';
import { ZerodropError } from '../../../../errors/index.ts';
import type { Container, ImageConfig } from '../../../../k8s/index.ts';
import { OWNER_ENV, ownerMarker } from '../leftovers.ts';

/** What the downward API can reveal about a pod. */
export interface PodFields {
  name: string;
  namespace: string;
  node: string;
  ip: string;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * A container's environment: a minimal base (PATH, HOME, HOSTNAME = pod name), then the image's ENV,
 * then the container's env with `$(VAR)` references expanded and downward-API fieldRefs resolved.
 * PATH always starts with the directory of the running Node so that `node` is Node 24.
 * ZERODROP_OWNER (the run marker) names this zerodrop process, so a later start can sweep the pod's
 * processes should zerodrop die without stopping them (see leftovers.ts).
 */
export function containerEnv(
  container: Container,
  image: ImageConfig,
  pod: PodFields,
  where: { file?: string; field: string },
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH || DEFAULT_PATH,
    HOME: process.env.HOME || '/root',
    HOSTNAME: pod.name,
    ...image.env,
  };
  (container.env ?? []).forEach((v, i) => {
    const field = `${where.field}.env[${i}]`;
    if (v.valueFrom !== undefined) {
      env[v.name] = fieldRefValue(v.valueFrom.fieldRef?.fieldPath, pod, where.file, `${field}.valueFrom.fieldRef.fieldPath`);
    } else {
      env[v.name] = expandVars(v.value ?? '', env);
    }
  });
  const execDir = dirname(process.execPath);
  env.PATH = [execDir, ...env.PATH.split(':').filter((p) => p !== '' && p !== execDir)].join(':');
  env[OWNER_ENV] = ownerMarker();
  return env;
}

function fieldRefValue(path: string | undefined, pod: PodFields, file: string | undefined, field: string): string {
  switch (path) {
    case 'status.podIP':
      return pod.ip;
    case 'metadata.name':
      return pod.name;
    case 'metadata.namespace':
      return pod.namespace;
    case 'spec.nodeName':
      return pod.node;
    default:
      throw new ZerodropError(
        `fieldRef "${path ?? ''}" is not supported by the embedded runtime (supported: status.podIP, metadata.name, metadata.namespace, spec.nodeName)`,
        { file, field },
      );
  }
}

/**
 * Kubernetes `$(VAR)` expansion as in env values, command and args: a reference to a defined
 * variable is replaced, an undefined one is left as written, and `$$` escapes a `$`.
 */
export function expandVars(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return name !== undefined && Object.hasOwn(env, name) ? env[name] : match;
  });
}
