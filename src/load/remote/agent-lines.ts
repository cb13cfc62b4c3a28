import { STREAMS, type StreamName, type StreamPlan } from '../types.ts';

/**
 * What a load agent (load/agent/) writes to stdout, one JSON value per line, read back by the
 * harness through the pod log API:
 *   header  `{"agent":"zerodrop-load-agent","version":1,"boot":"<id>","loader":0,"port":9470,"epoch":<ms>,"streams":[...]}`
 *           first line of every container start (a restart writes a new one with a new boot id);
 *   started `{"started":<ms>,"boot":"<id>"}` when the load began; heartbeat `{"hb":<ms>,"boot":"<id>","seq":<records>}` every second;
 *   done    `{"done":<ms>,"boot":"<id>","seq":<records>,"slots":{"keep-alive":n,...}}` once every slot is answered;
 *   record  `[t, ms, code, pod, conn, fresh, stream, lag, loader, seq]`: the request log's record line
 *           (load/record-line.ts) with the agent's index and a line number, t relative to `epoch`;
 *           a connection event is a line of the same shape (load/connection-event.ts), numbered alike.
 * Times are the pod's clock (epoch ms). A record's `seq` is its boot's base (seqBase of the
 * header's epoch) plus its number from 1, so it names its boot: the log of a restarted container
 * is read after the new one's header, and a resumed log stream repeats some lines, which are
 * recognised by it. `done.seq` and `hb.seq` count the records so far. Every line is far below the
 * container runtime's 16 KiB line limit (pod names are at most 253 characters).
 */
export const AGENT_FORMAT = 'zerodrop-load-agent';
export const AGENT_VERSION = 2;

/**
 * First seq of a boot: its epoch (ms) x 1000. Boots of one pod are at least the restart apart,
 * so their ranges never meet below a million records a second; the value stays a safe integer.
 */
export function seqBase(epoch: number): number {
  return Math.round(epoch) * 1000;
}

export interface AgentHeader {
  agent: typeof AGENT_FORMAT;
  version: typeof AGENT_VERSION;
  boot: string;
  loader: number;
  /** Port of the agent's control server (clock, serving, start, health, stop). */
  port: number;
  /** Records' `t` are relative to this (pod clock, epoch ms). */
  epoch: number;
  streams: StreamPlan[];
}

export interface AgentDone {
  done: number;
  boot: string;
  /** Records written. */
  seq: number;
  /** Slots the agent sent or dropped per stream (each is one record). */
  slots: Partial<Record<StreamName, number>>;
}

export type AgentLine =
  | { kind: 'header'; header: AgentHeader }
  | { kind: 'started'; at: number; boot: string }
  | { kind: 'heartbeat'; at: number; boot: string; seq: number }
  | { kind: 'done'; done: AgentDone }
  | { kind: 'record'; seq: number; value: unknown[] };

const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) /;

/** A log line as the log API sends it with timestamps=true: kubelet's RFC 3339 time, a space, the line. */
export function splitTimestamp(line: string): { ts?: string; text: string } {
  const m = TIMESTAMP.exec(line);
  return m ? { ts: m[1], text: line.slice(m[0].length) } : { text: line };
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isHeader(v: Record<string, unknown>): boolean {
  return (
    v.agent === AGENT_FORMAT &&
    v.version === AGENT_VERSION &&
    typeof v.boot === 'string' &&
    isNum(v.loader) &&
    isNum(v.port) &&
    isNum(v.epoch) &&
    Array.isArray(v.streams) &&
    v.streams.every((s: { name?: unknown; rate?: unknown }) => STREAMS.includes(s?.name as StreamName) && isNum(s?.rate))
  );
}

/** One agent line (without the timestamp prefix); undefined for anything else (a stray line, a cut one). */
export function parseAgentLine(text: string): AgentLine | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  return agentLineOf(v);
}

/** An agent line already parsed as JSON. */
export function agentLineOf(v: unknown): AgentLine | undefined {
  if (Array.isArray(v)) return v.length === 10 && isNum(v[9]) && isNum(v[0]) ? { kind: 'record', seq: v[9], value: v } : undefined;
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (isHeader(o)) return { kind: 'header', header: o as unknown as AgentHeader };
  if (typeof o.boot !== 'string') return undefined;
  if (isNum(o.started)) return { kind: 'started', at: o.started, boot: o.boot };
  if (isNum(o.hb) && isNum(o.seq)) return { kind: 'heartbeat', at: o.hb, boot: o.boot, seq: o.seq };
  if (isNum(o.done) && isNum(o.seq) && o.slots && typeof o.slots === 'object') return { kind: 'done', done: o as unknown as AgentDone };
  return undefined;
}
