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
        connections: { type: 'integer', minimum: 1, default: DEFAULT_LOAD.connections },
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
