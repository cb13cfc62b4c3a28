import { CLIENT_ERROR_CODES, CODES, PARSE_ERROR_PREFIX } from '../load/index.ts';
import { FAILURE_OUTCOMES, type Outcome } from './types.ts';

/** Error codes meaning the peer tore the connection down under an open request. */
const RESET_CODES = new Set<string>([CODES.reset, 'EPIPE']);
/** Error codes meaning nothing answered in time (ours, Node's and undici's names). */
const TIMEOUT_CODES = new Set<string>([
  CODES.timeout,
  CODES.connectTimeout,
  'ESOCKETTIMEDOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * 4xx statuses that always count as failures: 408 Request Timeout, 425 Too Early and 429 Too Many
 * Requests mean the server shed or refused a request it would otherwise have served.
 */
export const FAILING_4XX: ReadonlySet<number> = new Set([408, 425, 429]);

/** The HTTP status a recorded code stands for (a number, or three digits as a string); undefined for an error code. */
export function httpStatus(code: number | string): number | undefined {
  if (typeof code === 'number') return code;
  return /^\d{3}$/.test(code) ? Number(code) : undefined;
}

/**
 * Outcome of one request slot from its recorded code (load/codes.ts): an HTTP status or an
 * error code. 2xx/3xx are ok; 1xx and unknown codes are 'other'; DROPPED and MISSING are 'dropped', the
 * client machine's own errors (EMFILE, ...) 'client', the parser's HPE_* codes 'malformed'.
 * A 4xx is 'http4xxFailed' when it is 408, 425 or 429, or when `baseline4xx` (the 4xx statuses
 * the run's baseline phase answered, see addBaseline4xx) is given and lacks it (unexpected-4xx);
 * else 'http4xx'. Without `baseline4xx` (live counts during a run) only 408, 425 and 429 fail.
 */
export function classify(code: number | string, baseline4xx?: ReadonlySet<number>): Outcome {
  const status = httpStatus(code);
  if (status !== undefined) {
    if (status >= 200 && status < 400) return 'ok';
    if (status >= 400 && status < 500) {
      if (FAILING_4XX.has(status)) return 'http4xxFailed';
      return baseline4xx && !baseline4xx.has(status) ? 'http4xxFailed' : 'http4xx';
    }
    if (status >= 500 && status < 600) return 'http5xx';
    return 'other';
  }
  const c = String(code).toUpperCase();
  if (c === CODES.dropped || c === CODES.missing) return 'dropped';
  if (CLIENT_ERROR_CODES.has(c)) return 'client';
  if (c.startsWith(PARSE_ERROR_PREFIX)) return 'malformed';
  if (RESET_CODES.has(c)) return 'reset';
  if (c === CODES.refused) return 'refused';
  if (TIMEOUT_CODES.has(c)) return 'timeout';
  return 'other';
}

/** True for outcomes that count as a request lost by the app (FAILURE_OUTCOMES); dropped and client are the harness's. */
export function isFailure(outcome: Outcome): boolean {
  return FAILURE_OUTCOMES.includes(outcome);
}
