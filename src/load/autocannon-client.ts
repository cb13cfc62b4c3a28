import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';

/**
 * The parts of autocannon 9's per-connection Client (lib/httpClient.js) that http-connection.ts
 * drives. Autocannon ships no type declarations.
 */
export interface AutocannonClient extends EventEmitter {
  conn?: Socket;
  parser: { type: unknown; reinitialize(type: unknown): void; execute(chunk: Buffer): number | Error; finish(): void | Error };
  pipelinedRequests: { addByteCount(n: number): void };
  requestIterator: { currentRequest: { requestBuffer: Buffer } };
  destroyed: boolean;
  _connect(): void;
  _doRequest(): void;
  _destroyConnection(): void;
}

/** Info the parser's 'headers' event carries (http-parser-js kOnHeadersComplete). */
export interface ParserHeadersInfo {
  statusCode: number;
  /** Flat [name, value, name, value, ...]. */
  headers: string[];
  shouldKeepAlive: boolean;
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
