import { describe, expect, it } from 'vitest';
import { splitTimestamp } from '../../src/load/remote/agent-lines.ts';
import { AgentStream } from '../../src/load/remote/agent-stream.ts';
import type { RequestRecord } from '../../src/load/types.ts';
import { generateAgentLog, rng } from './remote-fixtures.ts';

const streams = [
  { name: 'keep-alive' as const, rate: 80 },
  { name: 'new-connection' as const, rate: 40 },
];
const clock = { offsetMs: 1234.5, driftPpm: 0, t0: 1.7e12 };

/** Feeds `lines` as the log API would over several streams: random chunk cuts, each resumed stream repeating earlier lines. */
function deliver(s: AgentStream, lines: string[], seed: number): void {
  const rand = rng(seed);
  let i = 0;
  while (i < lines.length) {
    const end = Math.min(lines.length, i + 1 + Math.floor(rand() * 60));
    let text = lines
      .slice(i, end)
      .map((l) => `${l}\n`)
      .join('');
    const broken = end < lines.length && rand() < 0.5;
    if (broken) text += lines[end].slice(0, Math.floor(rand() * lines[end].length)); // cut mid-line
    for (let p = 0; p < text.length; ) {
      const n = 1 + Math.floor(rand() * 200);
      s.push(text.slice(p, p + n));
      p += n;
    }
    s.newStream();
    i = Math.max(0, end - Math.floor(rand() * 15)); // resume from an earlier line (sinceTime has second precision)
    if (end === lines.length) break;
  }
}

describe('agent stream (a load pod log over broken and resumed streams)', () => {
  it('hands on every record exactly once, with its pod-clock time, and keeps the resume point', async () => {
    const log = await generateAgentLog({ loader: 2, streams, start: 1.7e12, stop: 1.7e12 + 4000, clock, seed: 3 });
    const seen: RequestRecord[] = [];
    let raw = '';
    const s = new AgentStream({
      record: (r) => seen.push(r),
      lines: (b) => {
        raw += b;
      },
    });
    deliver(s, log.lines, 5);
    expect(seen).toHaveLength(log.truth.length);
    expect(s.current?.received).toBe(log.truth.length);
    expect(s.current?.maxSeq).toBe(log.truth.length);
    expect(s.done).toBe(true);
    expect(s.current?.done?.slots).toEqual({
      'keep-alive': log.truth.filter((t) => t.stream === 'keep-alive').length,
      'new-connection': log.truth.filter((t) => t.stream === 'new-connection').length,
    });
    for (const [k, r] of seen.entries()) {
      expect(r.loader).toBe(2);
      expect(Math.abs(r.t - (log.truth[k].t + clock.offsetMs))).toBeLessThanOrEqual(0.06);
    }
    // The raw block holds each line once, without the kubelet timestamp.
    expect(raw.trim().split('\n')).toEqual(log.lines.map((l) => splitTimestamp(l).text).filter((l) => !l.startsWith('{"hb"')));
    expect(s.lastTimestamp).toBe(splitTimestamp(log.lines.at(-1)!).ts);
  });

  it("starts a new boot at a restarted container's header: its seq numbers count again", async () => {
    const first = await generateAgentLog({ loader: 0, streams, start: 1.7e12, stop: 1.7e12 + 1000, clock, seed: 8, done: false });
    const second = await generateAgentLog({ loader: 0, streams, start: 1.7e12 + 2000, stop: 1.7e12 + 2500, clock, seed: 9 });
    let n = 0;
    const s = new AgentStream({ record: () => n++ });
    deliver(s, [...first.lines, ...second.lines], 13);
    expect(s.boots.map((b) => b.header.boot)).toEqual([first.boot, second.boot]);
    expect(s.boots.map((b) => b.received)).toEqual([first.truth.length, second.truth.length]);
    expect(s.boots[0].done).toBeUndefined();
    expect(n).toBe(first.truth.length + second.truth.length);
  });

  it("skips lines that are not the agent's (a stray print, a line cut by a crash)", () => {
    let n = 0;
    const s = new AgentStream({ record: () => n++ });
    s.push('2026-01-01T00:00:00Z hello\n[1,2,200,"p",1,1,0,0,1]\n');
    expect(n).toBe(0); // no header yet: no boot to put it in
    expect(s.current).toBeUndefined();
  });
});
