import { Ajv, type ErrorObject } from 'ajv';
import { ZerodropError } from '../errors/index.ts';
import type { DisruptionKind } from '../k8s/index.ts';
import { DISRUPTION_KINDS } from '../k8s/index.ts';
import type { LoadSettings } from '../load/index.ts';
import { checkLoad, pathProblem } from '../load/index.ts';
import { parseThresholds, type Threshold } from '../metrics/index.ts';
import { displayPath } from '../util/index.ts';
import { atLine, readYamlDocument } from '../yaml/index.ts';
import { checkExpected } from './expected-verdict.ts';
import { SCENARIO_SCHEMA } from './scenario-schema.ts';
import type { ExpectedSpec } from './types.ts';

/** The contents of one scenario.yaml, validated and with defaults applied. */
export interface ScenarioFile {
  description: string;
  /** One verdict, or one per disruption (see expectedFor). */
  expected: ExpectedSpec;
  why?: string;
  /** Bounds on the measured figures (k6 style); a failed one fails the scenario. */
  thresholds: Threshold[];
  load: LoadSettings;
  disruptions: DisruptionKind[];
}

const ajv = new Ajv({ useDefaults: true, allErrors: false, strict: true, verbose: true });
const validate = ajv.compile(SCENARIO_SCHEMA);

/**
 * Read and validate scenario.yaml: types, ranges and the load settings as a whole (each stream
 * at least 1 request/s). The first problem is one ZerodropError naming file and field.
 */
export function readScenarioFile(file: string): ScenarioFile {
  const data = readYamlDocument(file);
  if (!validate(data)) throw schemaError(file, data, validate.errors?.[0]);
  // The parsed document itself (its YAML line numbers are keyed by it), thresholds in their parsed form.
  const raw = data as unknown as Record<string, unknown>;
  raw.thresholds = raw.thresholds === undefined ? [] : parseThresholds(raw.thresholds, displayPath(file));
  const scenario = raw as unknown as ScenarioFile;
  checkExpected(file, scenario);
  checkLoad(scenario.load, (field) => ({ file: displayPath(file), field: `load.${field}` }));
  return scenario;
}

function schemaError(file: string, data: unknown, e: ErrorObject | undefined): ZerodropError {
  if (e === undefined) return new ZerodropError('invalid scenario file', { file: displayPath(file) });
  const base = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : p));
  let path = base.join('.').replace(/\.\[/g, '[');
  let message = e.message ?? 'is invalid';
  const join = (key: string) => (path === '' ? key : `${path}.${key}`);
  const got = (v: unknown) =>
    typeof v === 'string'
      ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)
      : typeof v === 'number'
        ? String(v)
        : (JSON.stringify(v) ?? String(v));
  const schema = (e.parentSchema ?? {}) as { minimum?: number; maximum?: number };
  if (e.keyword === 'additionalProperties') {
    path = join(String(e.params.additionalProperty));
    message = path.startsWith('expected.') ? `unknown disruption, must be one of ${DISRUPTION_KINDS.join(', ')}` : 'unknown field';
  } else if (path === 'expected' && (e.keyword === 'type' || e.keyword === 'minProperties')) {
    message = `must be lossless, lossy or any, or a map from disruption (${DISRUPTION_KINDS.join(', ')}) to one of them, got ${got(e.data)}`;
  } else if (e.keyword === 'required') {
    path = join(String(e.params.missingProperty));
    message = 'is required';
  } else if (e.keyword === 'enum') {
    message = `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}, got ${got(e.data)}`;
  } else if (e.keyword === 'minimum' || e.keyword === 'maximum') {
    message = `must be between ${schema.minimum} and ${schema.maximum}, got ${got(e.data)}`;
  } else if (e.keyword === 'type') {
    message = `must be ${/^[aeiou]/.test(String(e.params.type)) ? 'an' : 'a'} ${e.params.type}, got ${got(e.data)}`;
  } else if (path === 'load.path' && (e.keyword === 'pattern' || e.keyword === 'maxLength')) {
    message = pathProblem(e.data) ?? message;
  }
  const line = data !== null && typeof data === 'object' ? atLine(data, path) : '';
  return new ZerodropError(`${message}${line}`, { file: displayPath(file), field: path === '' ? '(top level)' : path });
}
