import type { Outcome } from './types.ts';

/** Error codes meaning the peer tore the connection down under an open request. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);
/** Error codes meaning nothing answered in time (ours, Node's and undici's names). */
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Outcome of one request from its recorded code: an HTTP status (number, or digits as a string)
 * or an error code. 2xx/3xx are ok; 1xx and unknown codes are 'other'.
 */
export function classify(code: number | string): Outcome {
  const status = typeof code === 'number' ? code : /^\d{3}$/.test(code) ? Number(code) : undefined;
  if (status !== undefined) {
    if (status >= 200 && status < 400) return 'ok';
    if (status >= 400 && status < 500) return 'http4xx';
    if (status >= 500 && status < 600) return 'http5xx';
    return 'other';
  }
  const c = String(code).toUpperCase();
  if (RESET_CODES.has(c)) return 'reset';
  if (c === 'ECONNREFUSED') return 'refused';
  if (TIMEOUT_CODES.has(c)) return 'timeout';
  return 'other';
}

/** True for outcomes that count as a lost request (everything but ok and 4xx). */
export function isFailure(outcome: Outcome): boolean {
  return outcome !== 'ok' && outcome !== 'http4xx';
}
