import { Ajv } from 'ajv';
import { DISRUPTION_KINDS } from '../../k8s/index.ts';
import { POOL_ORDERS, STREAMS } from '../../load/index.ts';
import { PHASES, TIMELINE_KINDS } from '../../timeline/index.ts';
import { CAUSES } from '../diagnosis/causes.ts';
import { THRESHOLD_METRICS, THRESHOLD_OPS } from '../threshold-spec.ts';
import { OUTCOMES } from '../types.ts';
import { CHECK_KINDS, FIGURES } from './comparison-model.ts';
import { REPORT_SCHEMA_VERSION } from './report-model.ts';

/** JSON Schema (draft-07) of report.json, version 2. Documented in docs/report-schema.md. */
const count = { type: 'integer', minimum: 0 } as const;
const ms = { type: 'number', minimum: 0 } as const;
const rate = { type: 'number', minimum: 0 } as const;
const epochMs = { type: 'number' } as const;
const verdict = { enum: ['lossless', 'lossy', 'invalid'] } as const;
const streamName = { enum: [...STREAMS] } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;
const codeCounts = { type: 'object', additionalProperties: count } as const;
/** Absent in reports written before unsolicited answers were counted. */
const unsolicited = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(STREAMS.map((s) => [s, count])),
} as const;
const obj = (required: readonly string[], properties: Record<string, unknown>) =>
  ({ type: 'object', additionalProperties: false, required, properties }) as const;

const phaseStats = obj(
  [
    'name',
    'requests',
    'sent',
    'targetRequests',
    'targetRate',
    'achievedRate',
    'ok',
    'http4xx',
    'http5xx',
    'http5xxByCode',
    'reset',
    'refused',
    'timeout',
    'malformed',
    'other',
    'dropped',
    'client',
    'errorsByCode',
    'errorPct',
    'p50Ms',
    'p99Ms',
    'maxMs',
    'newConnections',
    'reusedConnections',
    'disruptionSeconds',
    'longestOutageMs',
  ],
  {
    name: { enum: ['baseline', 'disruption', 'recovery'] },
    requests: count,
    sent: count,
    targetRequests: count,
    targetRate: rate,
    achievedRate: rate,
    ok: count,
    http4xx: count,
    // The 4xx rule's failures; not required: absent in reports written before it.
    http4xxFailed: count,
    http4xxFailedByCode: { type: 'object', propertyNames: { pattern: '^4[0-9][0-9]$' }, additionalProperties: count },
    http5xx: count,
    http5xxByCode: { type: 'object', propertyNames: { pattern: '^5[0-9][0-9]$' }, additionalProperties: count },
    reset: count,
    refused: count,
    timeout: count,
    malformed: count,
    other: count,
    dropped: count,
    client: count,
    errorsByCode: codeCounts,
    errorPct: { type: 'number', minimum: 0, maximum: 100 },
    p50Ms: ms,
    p99Ms: ms,
    maxMs: ms,
    serviceP99Ms: ms,
    failedP99Ms: ms,
    newConnections: count,
    reusedConnections: count,
    disruptionSeconds: ms,
    longestOutageMs: ms,
  },
);

const streamStats = obj(['name', 'rate', 'phases'], { name: streamName, rate, phases: { type: 'array', items: phaseStats } });
const streamPlan = obj(['name', 'rate'], { name: streamName, rate });
const validity = obj(['valid', 'reasons'], { valid: { type: 'boolean' }, reasons: strings });

const podFailures = obj(['pod', 'failed', 'byOutcome', 'byStream'], {
  pod: { type: 'string' },
  failed: count,
  byOutcome: obj([], Object.fromEntries(OUTCOMES.map((o) => [o, count]))),
  byStream: obj([], Object.fromEntries(STREAMS.map((s) => [s, count]))),
});

const endpointLag = obj(['pod', 'deletedAt'], {
  pod: { type: 'string' },
  deletedAt: epochMs,
  endpointRemovedAt: epochMs,
  lagMs: { type: 'number' },
  lastNewConnectionAt: epochMs,
  dataPathLagMs: ms,
});

const causeEvidence = obj(['pod', 'count', 'from', 'to', 'detail'], {
  pod: { type: 'string' },
  count: { type: 'integer', minimum: 1 },
  from: epochMs,
  to: epochMs,
  detail: { type: 'string' },
  /** Absent in reports written before causes named their missing evidence. */
  missing: { type: 'string' },
  run: { type: 'integer', minimum: 1 },
});
/** Absent in reports written before the diagnosis existed, so base reports of `compare` still read. */
const diagnosis = {
  type: 'array',
  items: obj(['cause', 'count', 'pods', 'fix', 'evidence'], {
    cause: { enum: [...CAUSES] },
    count: { type: 'integer', minimum: 1 },
    pods: strings,
    fix: { type: 'string' },
    evidence: { type: 'array', items: causeEvidence },
    missing: strings,
  }),
} as const;

/** Absent when the scenario has no thresholds (and in reports written before them). */
const thresholds = {
  type: 'array',
  items: obj(['source', 'metric', 'op', 'value', 'phase', 'observed', 'ok'], {
    source: { type: 'string' },
    metric: { enum: [...THRESHOLD_METRICS] },
    op: { enum: [...THRESHOLD_OPS] },
    value: { type: 'number' },
    stream: { enum: [...STREAMS] },
    phase: { enum: [...PHASES] },
    observed: { type: 'number' },
    ok: { type: 'boolean' },
    failedRuns: { type: 'array', items: { type: 'integer', minimum: 1 } },
  }),
} as const;

const timelineEvent = obj(['t', 'kind'], {
  t: epochMs,
  kind: { enum: [...TIMELINE_KINDS] },
  pod: { type: 'string' },
  node: { type: 'string' },
  detail: { type: 'string' },
});

const buckets = obj(['ms', 'start', 'counts'], {
  ms: { type: 'number', exclusiveMinimum: 0 },
  start: epochMs,
  // http4xxFailed is not required: absent in reports written before the 4xx rule.
  counts: obj(
    OUTCOMES.filter((o) => o !== 'http4xxFailed'),
    Object.fromEntries(OUTCOMES.map((o) => [o, { type: 'array', items: count }])),
  ),
});

/** --load-from cluster: one load pod of a run (report/model.ts LoadPodReport). */
const loadPod = obj(['name', 'node', 'rate', 'slots', 'slotsFrom', 'received', 'missing', 'restarts', 'clock', 'phases', 'failedBuckets'], {
  name: { type: 'string' },
  node: { type: 'string' },
  rate,
  slots: count,
  slotsFrom: { enum: ['agent', 'schedule'] },
  received: count,
  missing: count,
  restarts: count,
  clock: obj([], { startOffsetMs: { type: 'number' }, endOffsetMs: { type: 'number' }, uncertaintyMs: ms }),
  phases: { type: 'array', items: phaseStats },
  failedBuckets: { type: 'array', items: count },
});

const scenarioRun = obj(
  [
    'iteration',
    'verdict',
    'validity',
    'startedAt',
    'phases',
    'streams',
    'failuresByPod',
    'endpointLags',
    'files',
    'timeline',
    'boundaries',
    'buckets',
  ],
  {
    iteration: { type: 'integer', minimum: 1 },
    verdict,
    validity,
    startedAt: epochMs,
    phases: { type: 'array', items: phaseStats },
    streams: { type: 'array', items: streamStats },
    failuresByPod: { type: 'array', items: podFailures },
    endpointLags: { type: 'array', items: endpointLag },
    diagnosis,
    files: obj(['requests', 'timeline'], { requests: { type: 'string' }, timeline: { type: 'string' } }),
    timeline: { type: 'array', items: timelineEvent },
    boundaries: obj(['baseline', 'disruption', 'recovery', 'end'], {
      baseline: epochMs,
      disruption: epochMs,
      recovery: epochMs,
      end: epochMs,
    }),
    buckets,
    loadPods: { type: 'array', items: loadPod },
    unsolicited,
  },
);

const scenarioReport = obj(
  ['name', 'description', 'disruption', 'expected', 'verdict', 'invalidReasons', 'met', 'flaky', 'phases', 'streams', 'runs'],
  {
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    why: { type: 'string' },
    disruption: { enum: [...DISRUPTION_KINDS] },
    expected: { enum: ['lossless', 'lossy', 'any'] },
    verdict,
    invalidReasons: strings,
    met: { type: 'boolean' },
    flaky: { type: 'boolean' },
    phases: { type: 'array', items: phaseStats },
    streams: { type: 'array', items: streamStats },
    diagnosis,
    thresholds,
    unsolicited,
    runs: { type: 'array', items: scenarioRun },
  },
);

/** `run --baseline PATH`: the comparison with the base (src/metrics/result/comparison-model.ts). */
const number = { type: 'number' } as const;
const numberOrText = { anyOf: [number, { type: 'string' }] } as const;
const comparedReport = obj(['file', 'runId', 'startedAt'], {
  file: { type: 'string' },
  runId: { type: 'string' },
  startedAt: { type: 'string' },
});
const figureDelta = obj(['figure', 'base', 'new', 'delta', 'change'], {
  figure: { enum: [...FIGURES] },
  base: number,
  new: number,
  delta: number,
  change: { enum: ['worse', 'better', 'same'] },
});
const comparisonCheck = obj(['kind', 'passed', 'figure', 'value', 'limit', 'basis', 'message'], {
  kind: { enum: [...CHECK_KINDS] },
  passed: { type: 'boolean' },
  figure: { type: 'string' },
  value: numberOrText,
  limit: numberOrText,
  basis: { type: 'string' },
  message: { type: 'string' },
});
const scenarioComparison = obj(['name', 'disruption', 'presence', 'baseRuns', 'newRuns', 'history', 'phases', 'checks', 'regressed'], {
  name: { type: 'string' },
  disruption: { enum: [...DISRUPTION_KINDS] },
  presence: { enum: ['both', 'added', 'removed'] },
  baseVerdict: verdict,
  newVerdict: verdict,
  baseRuns: count,
  newRuns: count,
  history: { type: 'array', items: ms },
  phases: {
    type: 'array',
    items: obj(['stream', 'phase', 'figures'], {
      stream: streamName,
      phase: { enum: ['baseline', 'disruption', 'recovery'] },
      figures: { type: 'array', items: figureDelta },
    }),
  },
  checks: { type: 'array', items: comparisonCheck },
  regressed: { type: 'boolean' },
});
const comparison = obj(['base', 'new', 'scenarios', 'regressed'], {
  base: { type: 'array', items: comparedReport },
  new: comparedReport,
  scenarios: { type: 'array', items: scenarioComparison },
  regressed: { type: 'boolean' },
});

export const REPORT_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `zerodrop/report.json/v${REPORT_SCHEMA_VERSION}`,
  title: 'zerodrop report.json',
  ...obj(['schemaVersion', 'tool', 'runId', 'provider', 'emulated', 'startedAt', 'finishedAt', 'notes', 'load', 'scenarios'], {
    schemaVersion: { const: REPORT_SCHEMA_VERSION },
    tool: obj(['name', 'version'], { name: { const: 'zerodrop' }, version: { type: 'string' } }),
    runId: { type: 'string', minLength: 1 },
    provider: { type: 'string', minLength: 1 },
    emulated: { type: 'boolean' },
    startedAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time' },
    notes: strings,
    load: obj(['rate', 'maxConnections', 'timeoutMs', 'streams'], {
      rate,
      maxConnections: { type: 'integer', minimum: 0 },
      timeoutMs: ms,
      streams: { type: 'array', items: streamPlan },
      pool: obj(['order', 'idleCloseMs'], { order: { enum: [...POOL_ORDERS] }, idleCloseMs: { type: 'integer', minimum: 0 } }),
    }),
    scenarios: { type: 'array', items: scenarioReport },
    comparison,
  }),
} as const;

let compiled: ReturnType<Ajv['compile']> | undefined;

/** One violation of the schema: where (a JSON pointer, `/` for the top level), what, and the schema keyword that failed. */
export interface SchemaProblem {
  path: string;
  message: string;
  keyword: string;
}

/** The schema's violations of a parsed report.json (empty when valid). */
export function reportSchemaProblems(report: unknown): SchemaProblem[] {
  compiled ??= new Ajv({ allErrors: true, strict: true, validateFormats: false }).compile(REPORT_JSON_SCHEMA);
  if (compiled(report)) return [];
  return (compiled.errors ?? []).map((e) => ({ path: e.instancePath || '/', message: e.message ?? 'invalid', keyword: e.keyword }));
}

/** Validates a parsed report.json; returns the errors as `path: message` lines (empty when valid). */
export function validateReport(report: unknown): string[] {
  return reportSchemaProblems(report).map((p) => `${p.path}: ${p.message}`);
}
