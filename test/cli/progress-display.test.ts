import { describe, expect, it } from 'vitest';
import { createProgressDisplay } from '../../src/cli/progress-display.ts';
import type { ProgressEvent } from '../../src/run/progress.ts';
import { termScreen, visible } from './term-screen.ts';

/** A stream that records what is written, a TTY of `columns` or a pipe. */
function fakeStream(tty: boolean, columns = 120) {
  const chunks: string[] = [];
  const stream = {
    isTTY: tty,
    columns,
    write: (s: string) => {
      chunks.push(s);
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

const T0 = 1_700_000_000_000;
/** Ten seconds of a scenario: 50 ok per stream each second; keep-alive resets in second 6, refused new connections in seconds 6 and 7. */
function events(scenario: string, lossy: boolean): ProgressEvent[] {
  const out: ProgressEvent[] = [{ type: 'phase', scenario, iteration: 1, phase: 'baseline', at: T0 }];
  let requests = 0;
  let failures = 0;
  for (let s = 0; s < 10; s++) {
    const t = T0 + s * 1000;
    const reset = lossy && s === 6 ? 4 : 0;
    const refused = lossy && (s === 6 || s === 7) ? 2 : 0;
    if (s === 5) out.push({ type: 'phase', scenario, iteration: 1, phase: 'disruption', at: t });
    const phase = s < 5 ? 'baseline' : 'disruption';
    out.push({
      type: 'outcomes',
      scenario,
      iteration: 1,
      stream: 'keep-alive',
      phase,
      t,
      counts: { ok: 50 - reset, ...(reset ? { reset } : {}) },
    });
    out.push({
      type: 'outcomes',
      scenario,
      iteration: 1,
      stream: 'new-connection',
      phase,
      t,
      counts: { ok: 50 - refused, ...(refused ? { refused } : {}) },
    });
    out.push({ type: 'timeline', scenario, iteration: 1, event: { t, kind: 'note', detail: 'ignored by the rows' } });
    requests += 100;
    failures += reset + refused;
    out.push({ type: 'tick', scenario, iteration: 1, requests, failures });
  }
  return out;
}

function feed(display: (e: ProgressEvent) => void) {
  display({ type: 'step', message: 'run scenarios' });
  const a = events('shell-entrypoint', true);
  const b = events('prestop-sleep', false);
  for (let i = 0; i < a.length; i++) {
    display(a[i]);
    display(b[i]);
  }
}

describe('the progress display on a TTY', () => {
  it('redraws two lines per scenario in place: phase, counts and a sparkline, then the failures by kind per stream', () => {
    const { stream, text } = fakeStream(true);
    const display = createProgressDisplay(stream);
    feed(display);
    const { lines, cursorShown } = termScreen(text());
    expect(lines).toHaveLength(5); // the step line, then 2 x 2 row lines: every redraw overwrote the last
    expect(lines[0]).toMatch(/^\[\d+\.\ds\] run scenarios$/);
    expect(lines[1]).toMatch(/^ {2}shell-entrypoint +disruption +1000 req {2}8 failed +\d+\.\ds {2}/);
    expect(lines[2]).toBe('     keep-alive 5xx 0 rst 4 ref 0 t/o 0  new-connection 5xx 0 rst 0 ref 4 t/o 0');
    expect(lines[3]).toMatch(/^ {2}prestop-sleep +disruption +1000 req {2}0 failed/);
    expect(lines[4]).toBe('     keep-alive 5xx 0 rst 0 ref 0 t/o 0  new-connection 5xx 0 rst 0 ref 0 t/o 0');
    // One character per second: clean seconds low, the two lossy seconds tall (the one with more failures tallest).
    expect(lines[1].slice(-10)).toBe('▁▁▁▁▁▁█▅▁▁');
    expect(lines[3].slice(-10)).toBe('▁▁▁▁▁▁▁▁▁▁');
    expect(cursorShown).toBe(false);
    display.close();
    expect(termScreen(text()).cursorShown).toBe(true);
  });

  it('colours failures red: the failed count, the lossy seconds and each non-zero kind', () => {
    const { stream, text } = fakeStream(true);
    feed(createProgressDisplay(stream));
    const last = text().slice(text().lastIndexOf('shell-entrypoint'));
    expect(last).toContain('\x1b[31m8 failed');
    expect(last).toMatch(/\x1b\[32m▁{6}\x1b\[0m\x1b\[31m█▅\x1b\[0m\x1b\[32m▁▁/);
    expect(last).toContain(' rst \x1b[31m4\x1b[0m');
  });

  it('keeps every line narrower than the terminal, so a redraw never meets a wrapped line', () => {
    for (const columns of [40, 60, 80, 200]) {
      const { stream, text } = fakeStream(true, columns);
      feed(createProgressDisplay(stream));
      const written = text()
        .split('\n')
        .filter((l) => l.includes('\x1b[2K'));
      expect(written.length).toBeGreaterThan(10);
      for (const l of written) expect(visible(l)).toBeLessThan(columns);
    }
  });

  it('writes a line of its own (an interrupt notice) above the rows and redraws them below it', () => {
    const { stream, text } = fakeStream(true);
    const display = createProgressDisplay(stream);
    feed(display);
    display.say('zerodrop: interrupted; cleaning up');
    display({ type: 'tick', scenario: 'prestop-sleep', iteration: 1, requests: 1100, failures: 0 });
    display.close();
    const { lines, cursorShown } = termScreen(text());
    expect(lines[5]).toBe('zerodrop: interrupted; cleaning up');
    expect(lines.slice(6).map((l) => l.trim().split(/ +/)[0])).toEqual(['shell-entrypoint', 'keep-alive', 'prestop-sleep', 'keep-alive']);
    expect(cursorShown).toBe(true);
  });
});

describe('the progress display when not a TTY', () => {
  it('writes plain lines, only for steps and phase changes, with no escape sequence', () => {
    const { stream, text } = fakeStream(false);
    const display = createProgressDisplay(stream);
    feed(display);
    display.close();
    expect(text()).not.toMatch(/\x1b/);
    expect(
      text()
        .trim()
        .split('\n')
        .map((l) => l.replace(/^\[\d+\.\ds\] /, '')),
    ).toEqual([
      'run scenarios',
      'shell-entrypoint: baseline',
      'prestop-sleep: baseline',
      'shell-entrypoint: disruption',
      'prestop-sleep: disruption',
    ]);
  });

  it('says how many requests failed so far at a phase change', () => {
    const { stream, text } = fakeStream(false);
    const display = createProgressDisplay(stream);
    for (const e of events('shell-entrypoint', true)) display(e);
    display({ type: 'phase', scenario: 'shell-entrypoint', iteration: 1, phase: 'recovery', at: T0 + 10_000 });
    expect(text().trim().split('\n').at(-1)).toMatch(/^\[\d+\.\ds\] shell-entrypoint: recovery \(8 failed so far\)$/);
  });
});
