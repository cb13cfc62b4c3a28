import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';

/**
 * The parts of autocannon 9's per-connection Client (lib/httpClient.js) that http-connection.ts
 * drives. Autocannon ships no type declarations.
 */
export interface AutocannonClient extends EventEmitter {
  conn?: Socket;
  parser: HttpParser;
  pipelinedRequests: { insertRequest(req: unknown): void };
  requestIterator: { currentRequest: { requestBuffer: Buffer } };
  destroyed: boolean;
  _connect(): void;
  _doRequest(): void;
  _destroyConnection(): void;
}

/** autocannon's http-parser-js parser; its callbacks sit in numbered slots (the class's kOn* constants). */
export interface HttpParser {
  [slot: number]: unknown;
  /** During execute(): the chunk, the position reached in it, and its end. */
  chunk: Buffer | null;
  offset: number;
  end: number;
  execute(chunk: Buffer): number | Error;
  finish(): void | Error;
}

/** What http-connection.ts does at the parser's events (in place of the Client's handlers). */
export interface ParserCallbacks {
  /** A response head (an interim 1xx or a final answer). */
  headers(info: ParserHeadersInfo): void;
  /** A response, with its body, is complete. */
  complete(): void;
}

/**
 * Puts `cb` in the parser's slots, replacing the Client's own handlers (which pair each answer
 * with a queued request and read `resp.req` of an answer nobody asked for); body bytes are
 * dropped unread.
 */
export function setParserCallbacks(c: AutocannonClient, cb: ParserCallbacks): void {
  const k = c.parser.constructor as unknown as { kOnHeadersComplete: number; kOnBody: number; kOnMessageComplete: number };
  c.parser[k.kOnHeadersComplete] = cb.headers;
  c.parser[k.kOnBody] = () => undefined;
  c.parser[k.kOnMessageComplete] = cb.complete;
}

/** Info the parser's 'headers' event carries (http-parser-js kOnHeadersComplete). */
export interface ParserHeadersInfo {
  statusCode: number;
  /** Flat [name, value, name, value, ...]. */
  headers: string[];
  shouldKeepAlive: boolean;
  upgrade: boolean;
}

/** What autocannon's Client constructor reads (as run.js builds it from a URL). */
export interface AutocannonClientOptions {
  hostname: string;
  host: string;
  port: number;
  path: string;
  method: 'GET';
  headers: Record<string, string>;
  pipelining: 1;
  /** Seconds; unused: the connection times requests itself. */
  timeout: number;
  setupClient: (client: AutocannonClient) => void;
}

/** A whole autocannon run (only the benchmark uses it, as the reference). */
export interface AutocannonRunOptions {
  url: string;
  connections: number;
  duration: number;
  pipelining?: number;
}
export interface AutocannonResult {
  requests: { total: number; average: number };
  duration: number;
  errors: number;
  non2xx: number;
}

const require = createRequire(import.meta.url);
const Client = require('autocannon/lib/httpClient.js') as new (opts: AutocannonClientOptions) => AutocannonClient;
const autocannon = require('autocannon') as (opts: AutocannonRunOptions) => PromiseLike<AutocannonResult>;

export function newAutocannonClient(opts: AutocannonClientOptions): AutocannonClient {
  return new Client(opts);
}

/** Raw autocannon: its own clients, pacing and counting (the benchmark's reference). */
export function runAutocannon(opts: AutocannonRunOptions): PromiseLike<AutocannonResult> {
  return autocannon(opts);
}
