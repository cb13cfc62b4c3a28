import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from './run-cli.ts';
import { termScreen } from './term-screen.ts';

/**
 * The real CLI on a pseudo-terminal (util-linux script): the rows while it runs, then a real
 * Ctrl-C typed into the terminal (the pty turns it into SIGINT), and the screen it leaves.
 */
describe('zerodrop run on a terminal', () => {
  it('draws the richer rows, and a Ctrl-C leaves the terminal clean: notices below the rows, cursor shown', async () => {
    const out = await mkdtemp(join(tmpdir(), 'zerodrop-pty-'));
    const cmd = `stty cols 120 rows 40; exec ${process.execPath} ${BIN} run prestop-sleep --baseline-seconds 30 --out ${out}`;
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let typed = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (d) => {
        output += d;
        // Ctrl-C once the baseline row shows answers on both streams.
        if (
          !typed &&
          /prestop-sleep +baseline .*\n.*keep-alive 5xx 0 rst 0 ref 0 t\/o 0 {2}new-connection 5xx/.test(
            termScreen(output).lines.join('\n'),
          )
        ) {
          typed = true;
          child.stdin.write('\x03');
        }
      });
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    const { lines, cursorShown } = termScreen(output);
    expect(typed, output).toBe(true);
    expect(code, lines.join('\n')).toBe(130);
    expect(cursorShown).toBe(true);
    expect(output).toContain('\x1b[?25l'); // the cursor was hidden while the rows were redrawn
    const notice = lines.indexOf('zerodrop: interrupted; cleaning up (interrupt twice more to abandon cleanup)');
    expect(notice, lines.join('\n')).toBeGreaterThan(0);
    // The rows drawn before Ctrl-C stay whole above the notice; nothing is left half-drawn on any line.
    expect(lines[notice - 2]).toMatch(/^ {2}prestop-sleep +baseline +\d+ req {2}0 failed +\d+\.\ds {2}▁+$/);
    expect(lines[notice - 1]).toMatch(/^ {5}keep-alive 5xx 0 rst 0 ref 0 t\/o 0 {2}new-connection 5xx 0 rst 0 ref 0 t\/o 0$/);
    expect(lines.at(-1)).toBe('zerodrop: interrupted; cleaned up, measured data kept');
    // Below the notice: where the partial report went (what was measured is kept).
    expect(
      lines.slice(notice).some((l) => /^wrote \S+report\.json$/.test(l)),
      lines.join('\n'),
    ).toBe(true);
    for (const l of lines) expect(l).toMatch(/^(\[\d+\.\ds\] |zerodrop| {2}prestop-sleep | {5}keep-alive |wrote \S+$|\s*$)/);
  }, 150_000);
});
