/**
 * Generated load pod logs for the merge and alignment tests: a simulated pod whose clock runs off
 * the harness's by an offset and a drift sends a schedule, and its agent output (the real
 * AgentOutput encoder) is captured with the truth beside it (each slot's harness send time).
 */
import { Writable } from 'node:stream';
import { AgentOutput } from '../../src/load/agent/agent-output.ts';
import { AGENT_FORMAT, AGENT_VERSION, type AgentHeader } from '../../src/load/remote/agent-lines.ts';
import type { StreamName, StreamPlan } from '../../src/load/types.ts';

/** mulberry32: a small seeded PRNG, so every generated case is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A pod clock: harness time + offset + drift (ppm) since `t0`. */
export interface PodClock {
  offsetMs: number;
  driftPpm: number;
  t0: number;
}
export const podTime = (c: PodClock, harness: number) => harness + c.offsetMs + ((harness - c.t0) * c.driftPpm) / 1e6;

export interface GeneratedLog {
  /** The agent's stdout lines, each prefixed by a kubelet timestamp as the log API sends them. */
  lines: string[];
  /** Per record sent, in output order: its stream and harness send time. */
  truth: { stream: StreamName; t: number }[];
  boot: string;
}

export interface PodRun {
  loader: number;
  streams: StreamPlan[];
  /** Harness times the load ran between. */
  start: number;
  stop: number;
  clock: PodClock;
  seed: number;
  /** Write the done line (false: the agent died before its end). */
  done?: boolean;
  boot?: string;
  /** Which slots fail (by harness send time); default 2 % at random. */
  fails?: (t: number) => boolean;
}

/** What the agent of one simulated pod prints: header, started, records of every slot, done. */
export async function generateAgentLog(p: PodRun): Promise<GeneratedLog> {
  const rand = rng(p.seed);
  const chunks: string[] = [];
  const out = new Writable({
    write(c: Buffer, _e, cb) {
      chunks.push(c.toString('utf8'));
      cb();
    },
  });
  const boot = p.boot ?? `boot${p.seed}`;
  const epoch = Math.floor(podTime(p.clock, p.start - 500));
  const agent = new AgentOutput(out, epoch, p.loader);
  const header: AgentHeader = {
    agent: AGENT_FORMAT,
    version: AGENT_VERSION,
    boot,
    loader: p.loader,
    port: 9470,
    epoch,
    streams: p.streams,
  };
  agent.control(header);
  agent.control({ started: podTime(p.clock, p.start), boot });
  const truth: GeneratedLog['truth'] = [];
  const slots: Partial<Record<StreamName, number>> = {};
  const due = p.streams
    .flatMap((s) => {
      const gap = 1000 / s.rate;
      return Array.from({ length: Math.floor(((p.stop - p.start) * s.rate) / 1000) + 1 }, (_, n) => ({
        stream: s.name,
        t: p.start + n * gap + rand() * 0.5,
      }));
    })
    .sort((a, b) => a.t - b.t);
  for (const d of due) {
    const fail = p.fails ? p.fails(d.t) : rand() < 0.02;
    truth.push(d);
    slots[d.stream] = (slots[d.stream] ?? 0) + 1;
    agent.record({
      t: podTime(p.clock, d.t),
      ms: 1 + rand() * 4,
      code: fail ? 'ECONNRESET' : 200,
      pod: `web-${Math.floor(rand() * 3)}`,
      conn: 1 + Math.floor(rand() * 50),
      fresh: rand() < 0.5,
      stream: d.stream,
    });
  }
  if (p.done !== false) agent.control({ done: podTime(p.clock, p.stop + 20), boot, seq: agent.seq, slots });
  await agent.close();
  const stamp = (i: number, n: number) => new Date(p.start + ((p.stop - p.start) * i) / Math.max(1, n)).toISOString();
  const text = chunks.join('').split('\n').filter(Boolean);
  return { lines: text.map((l, i) => `${stamp(i, text.length)} ${l}`), truth, boot };
}
