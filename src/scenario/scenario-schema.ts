import { STREAMS } from '../load/types.ts';
import { DISRUPTION_KINDS } from './types.ts';
import { DEFAULT_LOAD } from './default-load.ts';

/** JSON schema of scenarios/<name>/scenario.yaml. Defaults are applied while validating. */
export const SCENARIO_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['description', 'expected'],
  properties: {
    description: { type: 'string', minLength: 1 },
    expected: { type: 'string', enum: ['lossless', 'lossy', 'any'] },
    why: { type: 'string', minLength: 1 },
    load: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        rate: { type: 'number', exclusiveMinimum: 0, default: DEFAULT_LOAD.rate },
        streams: {
          type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: [...STREAMS] }, default: [...DEFAULT_LOAD.streams],
        },
        keepAlivePercent: { type: 'number', minimum: 0, maximum: 100, default: DEFAULT_LOAD.keepAlivePercent },
        maxConnections: { type: 'integer', minimum: 0, default: DEFAULT_LOAD.maxConnections },
        timeoutMs: { type: 'integer', exclusiveMinimum: 0, default: DEFAULT_LOAD.timeoutMs },
        reconnectEvery: { type: 'integer', minimum: 0, default: DEFAULT_LOAD.reconnectEvery },
        baselineSeconds: { type: 'number', minimum: 0, default: DEFAULT_LOAD.baselineSeconds },
        recoverySeconds: { type: 'number', minimum: 0, default: DEFAULT_LOAD.recoverySeconds },
        path: { type: 'string', pattern: '^/', default: DEFAULT_LOAD.path },
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
