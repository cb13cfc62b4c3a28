import { ApiException } from '@kubernetes/client-node';
import type { EvictionResult } from '../provider.ts';
import { apiMessage, apiStatus } from './api-error.ts';

/** Retry-After without a usable value: client-go's default wait for a throttled request. */
const DEFAULT_RETRY_AFTER_MS = 1000;

/**
 * Maps a failed policy/v1 Eviction to the Workload's result, as kubectl drain does: 404 means the
 * pod is already gone (done); a 429 is a PodDisruptionBudget's refusal when the Status names a
 * DisruptionBudget cause (or has the budget message), else API throttling, retried after its
 * Retry-After. Anything else is rethrown.
 */
export function evictionResult(err: unknown): EvictionResult {
  const status = apiStatus(err);
  if (status === 404) return { ok: true, gone: true };
  if (status !== 429) throw err;
  const reason = apiMessage(err) || 'Too Many Requests';
  if (budgetRefusal(err, reason)) return { ok: false, status: 429, reason };
  return { ok: false, status: 429, reason, throttled: { retryAfterMs: retryAfterMs(err) } };
}

function body(err: unknown): { details?: { causes?: { reason?: unknown }[] } } | undefined {
  const b = (err as { body?: unknown }).body;
  if (typeof b !== 'string') return b as ReturnType<typeof body>;
  try {
    return JSON.parse(b) as ReturnType<typeof body>;
  } catch {
    return undefined;
  }
}

function budgetRefusal(err: unknown, reason: string): boolean {
  if (body(err)?.details?.causes?.some((c) => c.reason === 'DisruptionBudget')) return true;
  return /disruption budget/i.test(reason);
}

/** Retry-After in ms: delta-seconds or an HTTP date; capped at 60 s. */
export function retryAfterMs(err: unknown): number {
  const headers = err instanceof ApiException ? (err.headers as Record<string, string | undefined>) : undefined;
  const raw = headers && Object.entries(headers).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
  if (!raw) return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(raw);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(raw) - Date.now();
  return Number.isFinite(ms) ? Math.min(60_000, Math.max(0, ms)) : DEFAULT_RETRY_AFTER_MS;
}
