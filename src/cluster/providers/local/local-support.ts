import { ZerodropError } from '../../../errors/index.ts';
import type { ManifestSet } from '../../../k8s/index.ts';
import { displayPath } from '../../../util/index.ts';
import { atLine } from '../../../yaml/index.ts';
import { type FieldSpec, LOCAL_SUPPORT } from './local-support-spec.ts';

/**
 * Throw a ZerodropError naming the file and `Kind/name: dotted.field.path` for the first manifest
 * field the embedded runtime does not implement, or a value of the wrong type. `resources` and
 * `imagePullPolicy` are accepted and ignored. Real-cluster providers do not call this.
 */
export function checkLocalSupport(set: ManifestSet): void {
  const objects = [set.deployment, set.service, ...(set.pdb ? [set.pdb] : [])];
  for (const o of objects) {
    walk(
      o,
      LOCAL_SUPPORT[o.kind],
      '',
      (path, message) =>
        new ZerodropError(`${message}${atLine(o, path)}`, {
          file: displayPath(set.file),
          field: `${o.kind}/${o.metadata.name}: ${path}`,
          hint: 'remove the field, or run this manifest on a real cluster (--provider kind)',
        }),
    );
  }
  // A probe or hook with no handler or two is rejected for every provider (k8s/check-handlers.ts).
}

type Fail = (path: string, message: string) => ZerodropError;

function walk(value: unknown, spec: FieldSpec, path: string, fail: Fail): void {
  if (value === undefined || value === null || spec === 'ignored') return;
  if (spec === 'string') {
    if (typeof value !== 'string') throw fail(path, 'must be a string');
  } else if (spec === 'int') {
    if (!Number.isInteger(value)) throw fail(path, 'must be an integer');
  } else if (spec === 'int-or-string') {
    if (!Number.isInteger(value) && typeof value !== 'string') throw fail(path, 'must be an integer or a string');
  } else if (spec === 'string-map') {
    if (!isPlainObject(value) || !Object.values(value).every((v) => typeof v === 'string')) throw fail(path, 'must be a map of strings');
  } else if ('enum' in spec) {
    if (typeof value !== 'string' || !spec.enum.includes(value)) {
      throw fail(path, `${JSON.stringify(value)} is not supported by the embedded runtime (supported: ${spec.enum.join(', ')})`);
    }
  } else if ('array' in spec) {
    if (!Array.isArray(value)) throw fail(path, 'must be a list');
    value.forEach((item, i) => walk(item, spec.array, `${path}[${i}]`, fail));
  } else {
    if (!isPlainObject(value)) throw fail(path, 'must be a mapping');
    for (const [key, v] of Object.entries(value)) {
      const sub = path === '' ? key : `${path}.${key}`;
      const fieldSpec = spec.object[key];
      if (fieldSpec === undefined) throw fail(sub, 'is not supported by the embedded runtime (provider local)');
      walk(v, fieldSpec, sub, fail);
    }
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
