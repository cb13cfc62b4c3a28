import { DISRUPTION_KINDS } from '../k8s/index.ts';
import { DEFAULT_LOAD, LOAD_LIMITS as L, MAX_PATH_LENGTH, PATH_PATTERN, POOL_ORDERS, STREAMS } from '../load/index.ts';
import { EXPECTED_VERDICTS } from '../metrics/index.ts';

const range = (r: { min: number; max: number }) => ({ minimum: r.min, maximum: r.max });
const verdict = { type: 'string', enum: [...EXPECTED_VERDICTS] } as const;

/** JSON schema of scenarios/<name>/scenario.yaml. Defaults are applied while validating. */
export const SCENARIO_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['description', 'expected'],
  properties: {
    description: { type: 'string', minLength: 1, maxLength: 10_000 },
    // One verdict, or a map from disruption to verdict (`{ rollout: lossless, drain: lossy }`).
    expected: {
      if: { type: 'string' },
      then: verdict,
      else: {
        type: 'object',
        minProperties: 1,
        additionalProperties: false,
        properties: Object.fromEntries(DISRUPTION_KINDS.map((k) => [k, verdict])),
      },
    },
    why: { type: 'string', minLength: 1, maxLength: 10_000 },
    // Checked in detail by parseThresholds (scenario/thresholds.ts), which names the key path.
    thresholds: { type: 'object' },
    load: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        rate: { type: 'number', ...range(L.rate), default: DEFAULT_LOAD.rate },
        streams: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { type: 'string', enum: [...STREAMS] },
          default: [...DEFAULT_LOAD.streams],
        },
        keepAlivePercent: { type: 'number', ...range(L.keepAlivePercent), default: DEFAULT_LOAD.keepAlivePercent },
        maxConnections: { type: 'integer', ...range(L.maxConnections), default: DEFAULT_LOAD.maxConnections },
        timeoutMs: { type: 'integer', ...range(L.timeoutMs), default: DEFAULT_LOAD.timeoutMs },
        reconnectEvery: { type: 'integer', ...range(L.reconnectEvery), default: DEFAULT_LOAD.reconnectEvery },
        poolOrder: { type: 'string', enum: [...POOL_ORDERS], default: DEFAULT_LOAD.poolOrder },
        idleCloseMs: { type: 'integer', ...range(L.idleCloseMs), default: DEFAULT_LOAD.idleCloseMs },
        baselineSeconds: { type: 'number', ...range(L.baselineSeconds), default: DEFAULT_LOAD.baselineSeconds },
        recoverySeconds: { type: 'number', ...range(L.recoverySeconds), default: DEFAULT_LOAD.recoverySeconds },
        path: { type: 'string', maxLength: MAX_PATH_LENGTH, pattern: PATH_PATTERN, default: DEFAULT_LOAD.path },
      },
    },
    disruptions: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', enum: [...DISRUPTION_KINDS] },
      default: [...DISRUPTION_KINDS],
    },
  },
} as const;
