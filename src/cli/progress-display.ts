import { LiveState } from '../live/index.ts';
import type { ProgressEvent } from '../run/index.ts';
import { ttyRow } from './progress-rows.ts';

const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

/** The run's progress listener, plus what the CLI writes between the rows and how it ends. */
export interface ProgressDisplay {
  (e: ProgressEvent): void;
  /** Writes a line of its own (an interrupt notice); on a TTY the rows are redrawn below it. */
  say(line: string): void;
  /** Stops redrawing and shows the cursor again. Idempotent. */
  close(): void;
}

/**
 * Renders run progress: on a TTY two live lines per scenario (phase, requests, failures, elapsed,
 * a sparkline of outcomes per second; the failures by kind per stream), redrawn in place with
 * the cursor hidden until close() or the process exits; otherwise plain lines only when the
 * phase changes.
 */
export function createProgressDisplay(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  const tty = Boolean(stream.isTTY);
  const start = Date.now();
  const state = new LiveState();
  let drawn = 0;
  let closed = false;
  let hidden = false;
  const showCursor = () => {
    if (hidden) stream.write(SHOW_CURSOR);
    hidden = false;
  };

  const elapsed = () => `${((Date.now() - start) / 1000).toFixed(1)}s`;

  function redraw() {
    if (!hidden) {
      stream.write(HIDE_CURSOR);
      hidden = true;
      process.once('exit', showCursor);
    }
    stream.write(`${drawn ? `\x1b[${drawn}A` : ''}\r`); // column 0 too: ESC[2K clears a line, the cursor stays where it was (after an echoed ^C)
    const lines = [...state.runs.values()].flatMap((r) => ttyRow(r, elapsed(), stream.columns || 80));
    stream.write(lines.join('\n') + (lines.length ? '\n' : ''));
    drawn = lines.length;
  }

  /** A line below the rows: the next redraw starts under it. */
  function line(text: string) {
    drawn = 0;
    stream.write(`${tty ? '\r\x1b[2K' : ''}${text}\n`);
  }

  const display = (e: ProgressEvent) => {
    if (closed) return;
    const run = state.apply(e);
    if (e.type === 'step') return line(`[${elapsed()}] ${e.message}`);
    // Outcomes and timeline events are drawn with the tick that follows them.
    if (!run || (e.type !== 'tick' && e.type !== 'phase')) return;
    if (tty) redraw();
    else if (e.type === 'phase') line(`[${elapsed()}] ${run.key}: ${e.phase}${run.failures ? ` (${run.failures} failed so far)` : ''}`);
  };
  return Object.assign(display, {
    say: (text: string) => {
      if (!closed) line(text);
      else stream.write(`${text}\n`);
    },
    close() {
      if (closed) return;
      closed = true;
      showCursor();
      process.off('exit', showCursor);
    },
  });
}
