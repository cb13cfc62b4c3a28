import { eventOf } from '../connection-event.ts';
import { parseRecordLine } from '../request-log.ts';
import type { ConnectionEvent, RequestRecord } from '../types.ts';
import { type AgentDone, type AgentHeader, parseAgentLine, seqBase, splitTimestamp } from './agent-lines.ts';

/** Numbers seen, as a growing bitset (seq counts from 1 per boot). */
class SeqSet {
  private bits = new Uint8Array(1024);
  /** True when `n` was new. */
  add(n: number): boolean {
    if (!Number.isSafeInteger(n) || n < 0) return false;
    const i = n >> 3;
    if (i >= this.bits.length) {
      const next = new Uint8Array(Math.max(this.bits.length * 2, i + 1));
      next.set(this.bits);
      this.bits = next;
    }
    const m = 1 << (n & 7);
    if (this.bits[i] & m) return false;
    this.bits[i] |= m;
    return true;
  }
}

/** One container start of an agent: its header, what it reported, what was read of it. */
export interface AgentBoot {
  header: AgentHeader;
  /** seqBase of its epoch: its records' seq are base + 1, base + 2, ... */
  base: number;
  started?: number;
  done?: AgentDone;
  /** Distinct records read. */
  received: number;
  /** Highest record number read (base + maxSeq is its seq; maxSeq - received lines were not read). */
  maxSeq: number;
  /** Latest pod time it reported (a record's send time, a heartbeat, done). */
  lastSeen: number;
  readonly seen: SeqSet;
}

export interface AgentStreamHandlers {
  /** A record read for the first time; `t` is on the pod's clock. */
  record?(r: RequestRecord): void;
  /** A connection event read for the first time (its line has a record's shape and numbering); `t` is on the pod's clock. */
  event?(e: ConnectionEvent): void;
  /** The lines accepted by one push, each ending in \n, as the agent wrote them (no timestamp, no duplicate). */
  lines?(block: string): void;
  /** A boot's header, started or done line was read. */
  control?(boot: AgentBoot): void;
}

/**
 * One load pod's log as it arrives, over however many log streams it takes (a follow that breaks
 * is resumed from the last timestamp and repeats some lines; a restarted container's previous log
 * is read after the new one began): reassembles lines across chunks, keeps the resume point, puts
 * each line in its boot (control lines name it, records by their seq range), drops lines already
 * read and hands the rest on.
 */
export class AgentStream {
  readonly boots: AgentBoot[] = [];
  /** kubelet's timestamp of the last whole line read: where a resumed stream starts (sinceTime). */
  lastTimestamp: string | undefined;
  /** Date.now() when the last chunk arrived (a stalled stream is restarted). */
  lastDataAt = Date.now();
  private partial = '';
  private readonly h: AgentStreamHandlers;

  constructor(handlers: AgentStreamHandlers = {}) {
    this.h = handlers;
  }

  /** The latest boot (the container running now, or the last one that ran). */
  get current(): AgentBoot | undefined {
    return this.boots[this.boots.length - 1];
  }

  private bootOf(seq: number): AgentBoot | undefined {
    let found: AgentBoot | undefined;
    for (const b of this.boots) if (b.base < seq && (!found || b.base > found.base)) found = b;
    return found;
  }

  /** True once the current boot reported that every slot was answered. */
  get done(): boolean {
    return !!this.current?.done;
  }

  /** A new log stream begins: an unfinished line of the last one is dropped (the new one repeats it). */
  newStream(): void {
    this.partial = '';
  }

  push(chunk: string): void {
    this.lastDataAt = Date.now();
    const text = this.partial + chunk;
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    let out = '';
    for (const raw of lines) {
      const accepted = this.accept(raw.replace(/\r$/, ''));
      if (accepted !== undefined) out += `${accepted}\n`;
    }
    if (out) this.h.lines?.(out);
  }

  /** The line's text when it is new, else undefined. */
  private accept(raw: string): string | undefined {
    const { ts, text } = splitTimestamp(raw);
    if (ts) this.lastTimestamp = ts;
    const line = parseAgentLine(text);
    if (!line) return undefined;
    if (line.kind === 'header') {
      const known = this.boots.find((b) => b.header.boot === line.header.boot);
      if (known) return undefined;
      const boot: AgentBoot = {
        header: line.header,
        base: seqBase(line.header.epoch),
        received: 0,
        maxSeq: 0,
        lastSeen: line.header.epoch,
        seen: new SeqSet(),
      };
      this.boots.push(boot);
      this.boots.sort((a, b) => a.base - b.base);
      this.h.control?.(boot);
      return text;
    }
    const boot =
      line.kind === 'record'
        ? this.bootOf(line.seq)
        : this.boots.find((b) => b.header.boot === (line.kind === 'done' ? line.done.boot : line.boot));
    if (!boot) return undefined;
    switch (line.kind) {
      case 'record': {
        const n = line.seq - boot.base;
        const r = parseRecordLine(line.value, boot.header.epoch);
        if (!r || !boot.seen.add(n)) return undefined;
        boot.received++;
        boot.maxSeq = Math.max(boot.maxSeq, n);
        boot.lastSeen = Math.max(boot.lastSeen, r.t);
        const e = eventOf(r);
        if (e) this.h.event?.(e);
        else this.h.record?.(r);
        return text;
      }
      case 'started':
        if (boot.started !== undefined) return undefined;
        boot.started = line.at;
        this.h.control?.(boot);
        return text;
      case 'done':
        if (boot.done) return undefined;
        boot.done = line.done;
        boot.lastSeen = Math.max(boot.lastSeen, line.done.done);
        this.h.control?.(boot);
        return text;
      case 'heartbeat':
        boot.lastSeen = Math.max(boot.lastSeen, line.at);
        return undefined;
    }
  }
}
