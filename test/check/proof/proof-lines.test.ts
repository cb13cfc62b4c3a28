import { describe, expect, it } from 'vitest';
import { type Pid1, pid1Kind } from '../../../src/check/proof/measure-pid1.ts';
import type { SigtermMeasure } from '../../../src/check/proof/measure-sigterm.ts';
import { sigtermLine } from '../../../src/check/proof/sigterm-line.ts';

const pid1 = (argv: string[]): Pid1 => ({ argv, source: 'exec', kind: pid1Kind(argv), text: argv.join(' ') });
const measure = (m: Partial<SigtermMeasure>): SigtermMeasure => ({
  deadlineS: 5,
  killed: false,
  exitCode: 0,
  termVia: 'host',
  exitAfterS: 0.04,
  inFlight: { kind: 'answered', status: 200 },
  listener: 'closed',
  keptAlive: { kind: 'none' },
  ...m,
});

describe('what PID 1 is, as far as SIGTERM goes', () => {
  it('tells shells, tini with and without -g, and the rest apart', () => {
    expect(pid1Kind(['sh', 'start.sh'])).toBe('shell');
    expect(pid1Kind(['/bin/bash', '-c', 'node server.ts'])).toBe('shell');
    expect(pid1Kind(['tini', '--', 'sh', 'start.sh'])).toBe('tini');
    expect(pid1Kind(['/usr/bin/tini', '-g', '--', 'sh', 'start.sh'])).toBe('tini-group');
    expect(pid1Kind(['tini', '-sg', 'node', 'server.ts'])).toBe('tini-group');
    expect(pid1Kind(['tini', 'node', 'server.ts', '-g'])).toBe('tini'); // the program's -g is not tini's
    expect(pid1Kind(['node', 'server.ts'])).toBe('other');
    expect(pid1Kind([])).toBe('other');
  });
});

describe('the SIGTERM line', () => {
  it('a clean drain: exit code and seconds, in-flight answered, listener closed first, preStop named', () => {
    const l = sigtermLine(measure({ preStop: 'preStop sleep 3 s' }), pid1(['node', 'server.ts']));
    expect(l).toMatchObject({
      check: 'sigterm',
      ok: true,
      line: 'SIGTERM: exited 0 after 0.0 s, in-flight request answered; listener closed before exit; preStop sleep 3 s first',
    });
    expect(l.finding).toBeUndefined();
  });

  it('ignored by a shell: SIGKILL at the deadline proves shell-pid1', () => {
    const l = sigtermLine(measure({ killed: true, exitCode: 137, exitAfterS: 2, listener: 'open' }), pid1(['sh', 'start.sh']));
    expect(l).toMatchObject({ ok: false, finding: 'shell-pid1' });
    expect(l.line).toBe(
      'SIGTERM ignored: still running at the 5 s deadline, SIGKILL (PID 1 is sh start.sh); in-flight request answered; listener open until SIGKILL',
    );
  });

  it('still draining at the deadline is not "ignored" and proves no PID 1 finding', () => {
    const l = sigtermLine(measure({ killed: true, exitCode: 137, listener: 'closed' }), pid1(['sh', 'start.sh']));
    expect(l.line).toMatch(/^SIGTERM: still draining at the 5 s deadline, SIGKILL \(PID 1 is sh start\.sh\)/);
    expect(l.finding).toBeUndefined();
  });

  it('tini without -g: a quick exit with the in-flight request reset proves tini-no-group', () => {
    const l = sigtermLine(
      measure({ exitCode: 143, exitAfterS: 0.02, inFlight: { kind: 'reset', error: 'ECONNRESET' }, listener: 'open' }),
      pid1(['tini', '--', 'sh', 'start.sh']),
    );
    expect(l).toMatchObject({ ok: false, finding: 'tini-no-group' });
    expect(l.line).toBe(
      'SIGTERM: exited 143 after 0.0 s, in-flight request reset (PID 1 is tini -- sh start.sh); listener open until exit',
    );
  });

  it('through a port mapping the listener is not observed and not claimed', () => {
    const l = sigtermLine(
      measure({ listener: 'unobserved', inFlight: { kind: 'none', why: '/ never served' } }),
      pid1(['node', 'server.ts']),
    );
    expect(l.line).toBe('SIGTERM: exited 0 after 0.0 s, no request in flight (/ never served)');
    expect(l.ok).toBe(true);
  });
});

describe('the SIGTERM line: an app that reacted to SIGTERM but was killed at the deadline', () => {
  it('with its idle kept-alive connection still open: keepalive-not-closed', () => {
    const l = sigtermLine(measure({ killed: true, exitCode: 137, keptAlive: { kind: 'open' } }), pid1(['node', 'server.ts']));
    expect(l).toMatchObject({ ok: false, finding: 'keepalive-not-closed' });
    expect(l.line).toMatch(/^SIGTERM: still draining at the 5 s deadline, SIGKILL .*idle kept-alive connection left open until SIGKILL/);
  });

  it('with idle connections closed but the request in flight cut off: grace-exceeded', () => {
    const l = sigtermLine(
      measure({
        killed: true,
        exitCode: 137,
        inFlight: { kind: 'reset', error: 'ECONNRESET' },
        keptAlive: { kind: 'closed', afterS: 0.25 },
      }),
      pid1(['node', 'server.ts']),
    );
    expect(l).toMatchObject({ ok: false, finding: 'grace-exceeded' });
    expect(l.line).toMatch(/in-flight request reset; listener closed before exit; idle kept-alive connection closed 0\.3 s after SIGTERM/);
  });
});
