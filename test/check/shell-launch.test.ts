import { describe, expect, it } from 'vitest';
import { shellCommands } from '../../src/check/rules/shell-commands.ts';
import { analyseShell, passesTerm } from '../../src/check/rules/shell-launch.ts';
import { shebangShell, shellOperand } from '../../src/check/rules/shells.ts';
import { preStopSeconds } from '../../src/check/rules/timing.ts';

const script = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('shellCommands', () => {
  it("splits on separators, keeps quoted text in one word and knows each command's line", () => {
    const cmds = shellCommands(
      script(
        '#!/bin/sh',
        'echo "a; b" && cd /app # not a command',
        'trap \'kill -TERM "$child"; wait\' TERM',
        'node server.js \\',
        '  --port 8080 2>&1 &',
        'cat <<EOF',
        'exec not-a-command',
        'EOF',
        'wait $(cat pid)',
      ),
    );
    expect(cmds.map((c) => [c.line, c.words, c.background])).toEqual([
      [2, ['echo', 'a; b'], false],
      [2, ['cd', '/app'], false],
      [3, ['trap', 'kill -TERM "$child"; wait', 'TERM'], false],
      [4, ['node', 'server.js', '--port', '8080', '2>&1'], true],
      [6, ['cat', '<<EOF'], false],
      [9, ['wait', '$(cat pid)'], false],
    ]);
  });
});

describe('analyseShell', () => {
  it('exec node ... and exec "$@" replace the shell; exec with only redirections does not', () => {
    expect(passesTerm(analyseShell(script('set -e', 'exec node server.ts')))).toBe(true);
    expect(analyseShell(script('if [ -n "$X" ]; then', '  set -- node "$@"', 'fi', 'exec "$@"')).exec?.line).toBe(4);
    const redirect = analyseShell(script('exec >>/var/log/app.log 2>&1', 'node server.ts'));
    expect(redirect.exec).toBeUndefined();
    expect(redirect.child?.text).toBe('node server.ts');
    expect(passesTerm(redirect)).toBe(false);
  });

  it("a final command without exec is the shell's child, whatever builtins follow it", () => {
    const l = analyseShell(script('echo starting', 'node server.ts', 'echo "node exited with $?"', 'exit 1'));
    expect(l.child).toMatchObject({ line: 2, words: ['node', 'server.ts'], background: false });
    expect(l.trap).toBeUndefined();
    expect(passesTerm(l)).toBe(false);
  });

  it('a TERM trap that kills the background child the shell waits for forwards the signal', () => {
    const l = analyseShell(script('node server.ts &', 'child=$!', 'trap \'kill -TERM "$child" 2>/dev/null\' TERM', 'wait "$child"'));
    expect(l.trap?.forwards).toBe(true);
    expect(l.waits).toBe(true);
    expect(passesTerm(l)).toBe(true);
  });

  it('a trap calling a function that kills forwards; a trap without kill, or with the app in the foreground, does not', () => {
    const fn = analyseShell(
      script('term_handler() {', '  kill -s TERM "$pid"', '}', 'trap term_handler SIGTERM', 'node app.js &', 'pid=$!', 'wait'),
    );
    expect(fn.trap?.forwards).toBe(true);
    expect(fn.child?.words[0]).toBe('node');
    expect(passesTerm(fn)).toBe(true);
    const noKill = analyseShell(script("trap 'echo bye; exit 0' TERM", 'node app.js &', 'wait'));
    expect(noKill.trap?.forwards).toBe(false);
    expect(passesTerm(noKill)).toBe(false);
    const foreground = analyseShell(script("trap 'kill $pid' 15", 'node app.js'));
    expect(foreground.trap?.forwards).toBe(true);
    expect(passesTerm(foreground)).toBe(false);
    expect(analyseShell(script("trap 'kill $p' TERM", 'trap - TERM', 'node app.js &', 'wait')).trap).toBeUndefined();
  });

  it('execsLastCommand: bash -c execs a last plain foreground command, not one followed by others or redirected', () => {
    expect(analyseShell('cd /app && node server.js', { execsLastCommand: true }).exec?.words).toEqual(['node', 'server.js']);
    expect(analyseShell('cd /app && node server.js').exec).toBeUndefined();
    expect(analyseShell('node server.js; echo done', { execsLastCommand: true }).exec).toBeUndefined();
    expect(analyseShell('node server.js >/proc/1/fd/1', { execsLastCommand: true }).exec).toBeUndefined();
  });
});

describe('shell and preStop words', () => {
  it('shellOperand finds the -c string or the script operand behind options', () => {
    expect(shellOperand(['/bin/sh', '-ec', 'node app'])).toEqual({ shell: 'sh', inline: 'node app' });
    expect(shellOperand(['bash', '-o', 'pipefail', 'start.sh', 'x'])).toEqual({ shell: 'bash', script: 'start.sh' });
    expect(shellOperand(['busybox', 'sh', '/start'])).toEqual({ shell: 'sh', script: '/start' });
    expect(shellOperand(['node', 'server.js'])).toBeUndefined();
    expect(shebangShell('#!/usr/bin/env bash\n')).toBe('bash');
    expect(shebangShell('#!/usr/bin/env node\n')).toBeUndefined();
  });

  it('preStopSeconds: sleep seconds, the sleeps of an exec hook, unknown for httpGet and variables', () => {
    expect(preStopSeconds({ sleep: { seconds: 3 } })).toBe(3);
    expect(preStopSeconds({ exec: { command: ['sh', '-c', 'sleep 5 && nginx -s quit'] } })).toBe(5);
    expect(preStopSeconds({ exec: { command: ['/bin/sleep', '2.5'] } })).toBe(2.5);
    expect(preStopSeconds({ exec: { command: ['nginx', '-s', 'quit'] } })).toBe(0);
    expect(preStopSeconds({ exec: { command: ['sh', '-c', 'sleep $DELAY'] } })).toBeUndefined();
    expect(preStopSeconds({ httpGet: { path: '/drain', port: 8080 } })).toBeUndefined();
  });
});
