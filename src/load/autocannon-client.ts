import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';

/**
 * The parts of autocannon 9's per-connection Client (lib/httpClient.js) that the shim in
 * client-tracker.ts reads or patches. Autocannon ships no type declarations.
 */
export interface AutocannonClient extends EventEmitter {
  conn?: Socket;
  parser: { type: unknown; reinitialize(type: unknown): void };
  paused?: boolean;
  reqsMadeThisSecond: number;
  /** Requests per second for this client (its share of overallRate). */
  rate?: number;
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

export interface AutocannonOptions {
  url: string;
  connections: number;
  overallRate: number;
  duration: number;
  timeout: number;
  sampleInt: number;
  pipelining: 1;
  setupClient: (client: AutocannonClient) => void;
}

/** An autocannon run: an EventEmitter that is also a promise of its result. */
export interface AutocannonInstance extends EventEmitter, PromiseLike<unknown> {
  stop(): void;
  catch(onRejected: (err: unknown) => void): Promise<unknown>;
}

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: AutocannonOptions) => AutocannonInstance;

export function runAutocannon(opts: AutocannonOptions): AutocannonInstance {
  return autocannon(opts);
}
