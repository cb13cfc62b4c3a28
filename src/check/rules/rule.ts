import type { Container } from '../../k8s/index.ts';
import { get } from '../../util/index.ts';
import { lineOf } from '../../yaml/index.ts';
import type { CheckTarget, Evidence, Finding } from '../types.ts';

/** A static rule: what it finds wrong with one target (nothing when it sees nothing wrong). */
export type Rule = (target: CheckTarget) => Finding[];

/**
 * Field path of the app container: the first one, which `--image` replaces and which the
 * Service is expected to reach. Sidecars are not reviewed.
 */
export const APP = 'spec.template.spec.containers[0]';

export function appContainer(t: CheckTarget): Container {
  return t.deployment.spec.template.spec.containers[0];
}

/**
 * Evidence at a field of a manifest object (default: the Deployment): the manifest file, the
 * field's line (or its nearest ancestor's when the field is absent) and `text`, by default
 * `<last segment>: <value as written>`.
 */
export function fieldEvidence(t: CheckTarget, path: string, text?: string, obj: object = t.deployment): Evidence {
  const line = lineOf(obj, path);
  return { file: t.manifestFile, ...(line === undefined ? {} : { line }), text: text ?? `${lastSegment(path)}: ${shown(get(obj, path))}` };
}

/** A value as it would read in flow-style YAML: `8080`, `/readyz`, `{"port":8080}`. */
export function shown(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : (JSON.stringify(v) ?? '(unset)');
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}
