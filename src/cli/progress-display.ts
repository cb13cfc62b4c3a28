import type { ProgressEvent } from '../run/progress.ts';

/**
 * Renders run progress: on a TTY one live status line per scenario (phase, elapsed, live failure count),
 * otherwise plain lines only when something changes.
 */
export function createProgressDisplay(stream: NodeJS.WriteStream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  const start = Date.now();
  const state = new Map<string, { phase: string; requests: number; failures: number }>();
  let drawn = 0;

  const elapsed = () => `${((Date.now() - start) / 1000).toFixed(1)}s`;
  const key = (s: string, i: number) => (i > 1 ? `${s}#${i}` : s);

  function redraw() {
    if (drawn) stream.write(`\x1b[${drawn}A`);
    const lines = [...state].map(([name, s]) =>
      `\x1b[2K  ${name.padEnd(24)} ${s.phase.padEnd(11)} ${String(s.requests).padStart(6)} req  ${s.failures ? `\x1b[31m${s.failures} failed\x1b[0m` : '0 failed'}   ${elapsed()}`);
    stream.write(lines.join('\n') + (lines.length ? '\n' : ''));
    drawn = lines.length;
  }

  return (e: ProgressEvent) => {
    if (e.type === 'step') {
      if (tty && drawn) { drawn = 0; }
      stream.write(`${tty ? '\x1b[2K' : ''}[${elapsed()}] ${e.message}\n`);
      return;
    }
    const k = key(e.scenario, e.iteration);
    const s = state.get(k) ?? { phase: 'deploy', requests: 0, failures: 0 };
    state.set(k, s);
    if (e.type === 'phase') {
      s.phase = e.phase;
      if (!tty) stream.write(`[${elapsed()}] ${k}: ${e.phase}${s.failures ? ` (${s.failures} failed so far)` : ''}\n`);
    } else {
      s.requests = e.requests;
      s.failures = e.failures;
    }
    if (tty) redraw();
  };
}
