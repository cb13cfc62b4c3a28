/**
 * The error codes the load engine records beside HTTP statuses: one list, read by the engine
 * (which writes them) and by metrics/classify.ts (which sorts them into outcomes).
 */
export const CODES = {
  /** A slot that could not be sent: no idle connection and --max-connections reached. */
  dropped: 'DROPPED',
  /** A slot a load pod was given but never reported (it restarted, or its log lost lines): counted as dropped. */
  missing: 'MISSING',
  /** Sent (connected) but no complete answer within the timeout. */
  timeout: 'ETIMEDOUT',
  /** The TCP connect did not complete within the timeout (an unanswered SYN). */
  connectTimeout: 'ECONNTIMEOUT',
  /** The peer closed or reset the connection under an open request. */
  reset: 'ECONNRESET',
  refused: 'ECONNREFUSED',
} as const;

/** Errors of the client machine itself (descriptors, ports, buffers): the measurement is invalid, not the app. */
export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  'EMFILE',
  'ENFILE',
  'EADDRNOTAVAIL',
  'EADDRINUSE',
  'ENOBUFS',
  'ENOMEM',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** Prefix of the HTTP parser's error codes (a malformed response), e.g. HPE_INVALID_CONSTANT. */
export const PARSE_ERROR_PREFIX = 'HPE_';
