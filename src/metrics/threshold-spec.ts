import { inputError } from '../errors/index.ts';
import { STREAMS, type StreamName } from '../load/index.ts';
import { PHASES, type PhaseName } from '../timeline/index.ts';

/** What a threshold can bound, per stream and phase (k6 style). The one list of threshold metrics. */
export const THRESHOLD_METRICS = ['failed', 'disruptionSeconds', 'errorPct', 'p99', 'achievedRate'] as const;
export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];
export const THRESHOLD_OPS = ['<=', '>=', '==', '<', '>'] as const;
export type ThresholdOp = (typeof THRESHOLD_OPS)[number];

/**
 * One bound: `metric op value` over one stream (or both together when absent) in one phase (or
 * in each phase apart when absent). `source` is the key path as written, e.g. `new-connection.disruption.p99`.
 */
export interface Threshold {
  metric: ThresholdMetric;
  op: ThresholdOp;
  value: number;
  stream?: StreamName;
  phase?: PhaseName;
  source: string;
}

/** A bare number is an upper bound (`<=`), except for achievedRate where it is a lower bound (`>=`). */
function bareOp(metric: ThresholdMetric): ThresholdOp {
  return metric === 'achievedRate' ? '>=' : '<=';
}

/** `'< 1.5'`, `'>= 95'`, `0` → op and value; undefined when it is neither. */
export function parseCondition(metric: ThresholdMetric, raw: unknown): { op: ThresholdOp; value: number } | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) return { op: bareOp(metric), value: raw };
  if (typeof raw !== 'string') return undefined;
  const m = /^\s*(<=|>=|==|<|>)?\s*(-?\d+(?:\.\d+)?)\s*$/.exec(raw);
  if (!m) return undefined;
  return { op: (m[1] as ThresholdOp | undefined) ?? bareOp(metric), value: Number(m[2]) };
}

const isStream = (k: string): k is StreamName => (STREAMS as readonly string[]).includes(k);
const isPhase = (k: string): k is PhaseName => (PHASES as readonly string[]).includes(k);
const isMetric = (k: string): k is ThresholdMetric => (THRESHOLD_METRICS as readonly string[]).includes(k);

/**
 * `thresholds:` of scenario.yaml (or of a --thresholds file): a map of metric → condition, where
 * a key may also be a stream or a phase holding such a map (stream → phase nesting or phase →
 * stream, each at most once). Bad input is one error naming the file and the key path.
 */
export function parseThresholds(raw: unknown, file: string, field = 'thresholds'): Threshold[] {
  const out: Threshold[] = [];
  const walk = (node: unknown, path: string, stream?: StreamName, phase?: PhaseName): void => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      throw inputError(file, path, `must be a map of ${THRESHOLD_METRICS.join(', ')} (or a stream or phase holding one)`);
    }
    for (const [key, value] of Object.entries(node)) {
      const at = `${path}.${key}`;
      if (isMetric(key)) {
        const c = parseCondition(key, value);
        if (!c)
          throw inputError(
            file,
            at,
            `must be a number or a condition such as '< 1.5' (operators ${THRESHOLD_OPS.join(' ')}), got ${JSON.stringify(value)}`,
          );
        out.push({ metric: key, ...c, stream, phase, source: at.slice(field.length + 1) });
      } else if (isStream(key) && stream === undefined) walk(value, at, key, phase);
      else if (isPhase(key) && phase === undefined) walk(value, at, stream, key);
      else {
        throw inputError(
          file,
          at,
          `unknown key, must be a metric (${THRESHOLD_METRICS.join(', ')}), a stream (${STREAMS.join(', ')}) or a phase (${PHASES.join(', ')}), each scope at most once`,
        );
      }
    }
  };
  walk(raw, field);
  return out;
}

/** A `--thresholds FILE`: one YAML document `thresholds: {...}` (the same map as in scenario.yaml). */
export function readThresholdsFile(file: string, read: (file: string) => unknown): Threshold[] {
  const doc = read(file);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || !('thresholds' in doc) || Object.keys(doc).length !== 1) {
    throw inputError(file, '(top level)', 'must hold one key, thresholds: a map of metric, stream or phase to a condition');
  }
  return parseThresholds((doc as { thresholds: unknown }).thresholds, file);
}
