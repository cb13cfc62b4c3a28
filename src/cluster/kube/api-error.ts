import { ApiException } from '@kubernetes/client-node';
import { ZerodropError } from '../../errors/index.ts';

/** HTTP status of an API error (ApiException.code), or undefined for transport errors. */
export function apiStatus(err: unknown): number | undefined {
  return err instanceof ApiException && typeof err.code === 'number' ? err.code : undefined;
}

/** The API server's Status message of an ApiException, or ''. */
export function apiMessage(err: unknown): string {
  let body = (err as { body?: unknown } | null)?.body;
  if (typeof body === 'string') {
    const text = body;
    try {
      body = JSON.parse(text);
    } catch {
      return text.trim().split('\n')[0] ?? '';
    }
  }
  const msg = (body as { message?: unknown } | null)?.message;
  return typeof msg === 'string' ? msg : '';
}

export function isNotFound(err: unknown): boolean {
  return apiStatus(err) === 404;
}

const TRANSPORT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** The innermost transport error code (fetch wraps it as `cause`), e.g. ECONNREFUSED. */
export function transportCode(err: unknown): string | undefined {
  for (
    let e = err as { code?: unknown; cause?: unknown; name?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    if (typeof e.code === 'string' && TRANSPORT.has(e.code)) return e.code;
    if (e.name === 'TimeoutError') return 'timeout';
  }
  return undefined;
}

/** One line for any error from a client-node call. */
export function describeApiError(err: unknown): string {
  const status = apiStatus(err);
  if (status !== undefined) return `HTTP ${status}${apiMessage(err) ? `: ${apiMessage(err)}` : ''}`;
  const t = transportCode(err);
  if (t) return t;
  const first = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  return first;
}

/** The ZerodropError for an API server that cannot be reached (or answers with an error). */
export function unreachableError(server: string, context: string, err: unknown): ZerodropError {
  return new ZerodropError(`API server ${server} (context ${context}) is not reachable: ${describeApiError(err)}`, {
    hint: 'is the cluster up? (zerodrop cluster up, or check --context / KUBECONFIG)',
    cause: err,
  });
}

/** Wraps a failed API call as a one-line ZerodropError naming what was being done. */
export function apiError(action: string, err: unknown): ZerodropError {
  if (err instanceof ZerodropError) return err;
  return new ZerodropError(`${action}: ${describeApiError(err)}`, { cause: err });
}
