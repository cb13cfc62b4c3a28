import { ZerodropError } from '../errors/index.ts';
import type { Deployment } from './manifest-types.ts';

/**
 * An IntOrString as Kubernetes scales it: an integer as is, "N%" as N% of `total`,
 * rounded up or down. Throws a ZerodropError naming `field` for anything else.
 */
export function scaleIntOrPercent(value: number | string, total: number, roundUp: boolean, field: string, file?: string): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0) return value;
  } else {
    const m = /^(\d+)%$/.exec(value.trim());
    if (m) {
      const exact = (Number(m[1]) * total) / 100;
      return roundUp ? Math.ceil(exact) : Math.floor(exact);
    }
    if (/^\d+$/.test(value.trim())) return Number(value);
  }
  throw new ZerodropError(`must be a non-negative integer or a percentage like "25%", not ${JSON.stringify(value)}`, { file, field });
}

export interface RollingParams {
  replicas: number;
  maxSurge: number;
  maxUnavailable: number;
  minReadyMs: number;
}

const RU = 'spec.strategy.rollingUpdate';

/**
 * replicas, maxSurge (default 25%, rounded up), maxUnavailable (default 25%, rounded down) and
 * minReadySeconds of a Deployment. Both set to 0 is invalid, as the API server says; when only the
 * rounding makes both 0, maxUnavailable becomes 1 (the Deployment controller's fencepost rule).
 */
export function rollingParams(d: Deployment, file?: string): RollingParams {
  const replicas = d.spec.replicas ?? 1;
  const ru = d.spec.strategy?.rollingUpdate ?? {};
  const surgeRaw = ru.maxSurge ?? '25%';
  const unavailRaw = ru.maxUnavailable ?? '25%';
  const maxSurge = scaleIntOrPercent(surgeRaw, replicas, true, `${RU}.maxSurge`, file);
  let maxUnavailable = scaleIntOrPercent(unavailRaw, replicas, false, `${RU}.maxUnavailable`, file);
  if (isZero(surgeRaw) && isZero(unavailRaw)) {
    throw new ZerodropError('maxSurge and maxUnavailable may not both be 0', { file, field: `${RU}.maxUnavailable` });
  }
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  const minReadySeconds = d.spec.minReadySeconds ?? 0;
  if (!Number.isFinite(minReadySeconds) || minReadySeconds < 0) {
    throw new ZerodropError('must be a non-negative number', { file, field: 'spec.minReadySeconds' });
  }
  return { replicas, maxSurge, maxUnavailable, minReadyMs: minReadySeconds * 1000 };
}

function isZero(v: number | string): boolean {
  return v === 0 || (typeof v === 'string' && /^0+%?$/.test(v.trim()));
}

/** A Deployment's spec.progressDeadlineSeconds when unset (Kubernetes' default): how long a rollout may make no progress. */
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
