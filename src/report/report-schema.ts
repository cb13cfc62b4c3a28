import { Ajv } from 'ajv';
import { REPORT_SCHEMA_VERSION } from './model.ts';

/** JSON Schema (draft-07) of report.json, version 1. Documented in docs/report-schema.md. */
const count = { type: 'integer', minimum: 0 } as const;
const ms = { type: 'number', minimum: 0 } as const;
const epochMs = { type: 'number' } as const;
const verdict = { enum: ['lossless', 'lossy'] } as const;

const phaseStats = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'requests', 'ok', 'http4xx', 'http5xx', 'http5xxByCode', 'reset', 'refused', 'timeout', 'other',
    'errorPct', 'p50Ms', 'p99Ms', 'maxMs', 'newConnections', 'reusedConnections'],
  properties: {
    name: { enum: ['baseline', 'disruption', 'recovery'] },
    requests: count, ok: count, http4xx: count, http5xx: count,
    http5xxByCode: { type: 'object', propertyNames: { pattern: '^5[0-9][0-9]$' }, additionalProperties: count },
    reset: count, refused: count, timeout: count, other: count,
    errorPct: { type: 'number', minimum: 0, maximum: 100 },
    p50Ms: ms, p99Ms: ms, maxMs: ms,
    newConnections: count, reusedConnections: count,
  },
} as const;

const timelineEvent = {
  type: 'object',
  additionalProperties: false,
  required: ['t', 'kind'],
  properties: {
    t: epochMs,
    kind: { enum: ['phase', 'pod-created', 'pod-ready', 'pod-unready', 'pod-deleted', 'prestop-start', 'prestop-end', 'sigterm',
      'sigkill', 'exit', 'endpoint-added', 'endpoint-removed', 'node-cordoned', 'node-uncordoned', 'evict-blocked', 'evicted',
      'disruption-start', 'disruption-end', 'note'] },
    pod: { type: 'string' }, node: { type: 'string' }, detail: { type: 'string' },
  },
} as const;

const scenarioRun = {
  type: 'object',
  additionalProperties: false,
  required: ['iteration', 'verdict', 'startedAt', 'phases', 'endpointLags', 'files', 'timeline', 'boundaries'],
  properties: {
    iteration: { type: 'integer', minimum: 1 },
    verdict,
    startedAt: epochMs,
    phases: { type: 'array', items: phaseStats },
    endpointLags: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['pod', 'deletedAt'],
        properties: { pod: { type: 'string' }, deletedAt: epochMs, endpointRemovedAt: epochMs, lagMs: { type: 'number' } },
      },
    },
    evictionBlockedMs: ms,
    files: {
      type: 'object', additionalProperties: false, required: ['requests', 'timeline'],
      properties: { requests: { type: 'string' }, timeline: { type: 'string' } },
    },
    timeline: { type: 'array', items: timelineEvent },
    boundaries: {
      type: 'object', additionalProperties: false, required: ['baseline', 'disruption', 'recovery', 'end'],
      properties: { baseline: epochMs, disruption: epochMs, recovery: epochMs, end: epochMs },
    },
    buckets: {
      type: 'object', additionalProperties: false, required: ['ms', 'start', 'counts'],
      properties: {
        ms: { type: 'number', exclusiveMinimum: 0 },
        start: epochMs,
        counts: {
          type: 'object', additionalProperties: false,
          required: ['ok', 'http4xx', 'http5xx', 'reset', 'refused', 'timeout', 'other'],
          properties: Object.fromEntries(['ok', 'http4xx', 'http5xx', 'reset', 'refused', 'timeout', 'other'].map((o) => [o, { type: 'array', items: count }])),
        },
      },
    },
  },
} as const;

const scenarioReport = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'description', 'disruption', 'expected', 'verdict', 'met', 'flaky', 'phases', 'runs'],
  properties: {
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    why: { type: 'string' },
    disruption: { enum: ['rollout', 'delete', 'drain'] },
    expected: { enum: ['lossless', 'lossy', 'any'] },
    verdict,
    met: { type: 'boolean' },
    flaky: { type: 'boolean' },
    phases: { type: 'array', items: phaseStats },
    runs: { type: 'array', items: scenarioRun },
  },
} as const;

export const REPORT_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'zerodrop/report.json/v1',
  title: 'zerodrop report.json',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'tool', 'runId', 'provider', 'emulated', 'startedAt', 'finishedAt', 'notes', 'load', 'scenarios'],
  properties: {
    schemaVersion: { const: REPORT_SCHEMA_VERSION },
    tool: {
      type: 'object', additionalProperties: false, required: ['name', 'version'],
      properties: { name: { const: 'zerodrop' }, version: { type: 'string' } },
    },
    runId: { type: 'string', minLength: 1 },
    provider: { type: 'string', minLength: 1 },
    emulated: { type: 'boolean' },
    startedAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time' },
    notes: { type: 'array', items: { type: 'string' } },
    load: {
      type: 'object', additionalProperties: false, required: ['rate', 'connections', 'timeoutMs'],
      properties: { rate: { type: 'number', minimum: 0 }, connections: { type: 'integer', minimum: 0 }, timeoutMs: { type: 'number', minimum: 0 } },
    },
    scenarios: { type: 'array', items: scenarioReport },
  },
} as const;

let compiled: ReturnType<Ajv['compile']> | undefined;

/** Validates a parsed report.json; returns the errors as `path: message` lines (empty when valid). */
export function validateReport(report: unknown): string[] {
  compiled ??= new Ajv({ allErrors: true, strict: true, validateFormats: false }).compile(REPORT_JSON_SCHEMA);
  if (compiled(report)) return [];
  return (compiled.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}
