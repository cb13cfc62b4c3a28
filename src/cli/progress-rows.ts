import type { ScenarioLive } from '../live/index.ts';
import { shownKinds } from '../live/index.ts';
import { STREAMS } from '../load/index.ts';
import { OUTCOME_LABEL } from '../render/index.ts';
import { SGR, sparkline } from './sparkline.ts';

/** A piece of a terminal line: its text and colour. */
export interface Segment {
  text: string;
  colour?: keyof typeof SGR;
}

/**
 * Segments as one cleared terminal line of at most `columns - 1` visible characters: a line that
 * wraps would break the redraw, which moves the cursor up by lines.
 */
export function fitLine(segments: readonly Segment[], columns: number): string {
  let left = Math.max(0, columns - 1);
  let out = '\x1b[2K';
  let colour: Segment['colour'];
  for (const s of segments) {
    if (left <= 0) break;
    const chars = [...s.text].slice(0, left);
    left -= chars.length;
    if (s.colour !== colour) out += colour ? SGR.reset : '';
    if (s.colour && s.colour !== colour) out += SGR[s.colour];
    colour = s.colour;
    out += chars.join('');
  }
  return colour ? out + SGR.reset : out;
}

/**
 * A scenario's two TTY lines: name, phase, requests, failures, elapsed time and a sparkline of
 * outcomes per second; below it the failures by kind (5xx, reset, refused, timeout) per stream.
 */
export function ttyRow(run: ScenarioLive, elapsed: string, columns: number): string[] {
  const head: Segment[] = [
    { text: `  ${run.key.padEnd(24)} ${run.phase.padEnd(11)} ${String(run.requests).padStart(6)} req  ` },
    { text: `${run.failures} failed`.padEnd(10), colour: run.failures ? 'red' : undefined },
    { text: ` ${elapsed.padStart(6)}  ` },
  ];
  const used = head.reduce((n, s) => n + s.text.length, 0);
  const spark = sparkline(run.total, Math.min(60, columns - 1 - used)).map((s): Segment => ({ text: s.ch, colour: s.colour }));
  const streams = STREAMS.filter((s) => run.streams[s]);
  const kinds: Segment[] = [{ text: streams.length ? '   ' : '    no answers yet' }];
  for (const stream of streams) {
    const c = run.streams[stream]!;
    kinds.push({ text: `  ${stream}` });
    for (const o of shownKinds(c)) {
      const n = c[o] ?? 0;
      kinds.push({ text: ` ${OUTCOME_LABEL[o].short} ` }, { text: String(n), colour: n ? 'red' : 'dim' });
    }
  }
  return [fitLine([...head, ...spark], columns), fitLine(kinds, columns)];
}
