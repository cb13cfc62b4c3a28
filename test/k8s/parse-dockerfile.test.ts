import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/k8s/image/parse-dockerfile.ts';
import { errorOf, tempDir } from '../scenario/tmp-files.ts';

const tmp = tempDir();
const parse = (text: string, buildArgs?: Record<string, string>) => parseDockerfile(tmp.write('Dockerfile', text), tmp.dir, buildArgs);

describe('parseDockerfile', () => {
  it('turns shell form into /bin/sh -c exactly as Docker does, and keeps exec form as written', () => {
    const shell = parse('FROM node:24-slim\nENTRYPOINT node server.ts --port 8080\n');
    expect(shell.entrypoint).toEqual(['/bin/sh', '-c', 'node server.ts --port 8080']);
    const exec = parse('FROM node:24-slim\nENTRYPOINT ["sh", "start.sh"]\nCMD ["--flag"]\n');
    expect(exec.entrypoint).toEqual(['sh', 'start.sh']);
    expect(exec.cmd).toEqual(['--flag']);
    // Not valid JSON: Docker falls back to shell form.
    expect(parse("FROM x\nCMD ['node', 'a.ts']\n").cmd).toEqual(['/bin/sh', '-c', "['node', 'a.ts']"]);
    // No substitution in CMD/ENTRYPOINT: the shell expands $PORT at run time.
    expect(parse('FROM x\nENV PORT=1\nCMD node a.ts $PORT\n').cmd).toEqual(['/bin/sh', '-c', 'node a.ts $PORT']);
  });

  it('ENTRYPOINT drops a CMD from an earlier stage but keeps one set in the same stage', () => {
    expect(parse('FROM x\nCMD ["a"]\nENTRYPOINT ["b"]\n')).toMatchObject({ entrypoint: ['b'], cmd: ['a'] });
    const inherited = parse('FROM x AS base\nCMD ["a"]\nFROM base\nENTRYPOINT ["b"]\n');
    expect(inherited).toMatchObject({ from: 'x', entrypoint: ['b'], cmd: [] });
  });

  it('substitutes ARG (global, per stage, --build-arg overrides) and ENV', () => {
    const text = [
      'ARG BASE=node:24-slim',
      'ARG TAG',
      'FROM ${BASE}',
      'ARG BASE',
      'ARG DIR=/srv',
      'ENV APP_DIR=${DIR}/app MODE="two words" UNSET=${NOPE:-fallback}',
      'WORKDIR $APP_DIR',
      'ENV LEGACY hello   world',
      'STOPSIGNAL SIGINT',
      'CMD ["node"]',
    ].join('\n');
    const img = parse(text);
    expect(img.from).toBe('node:24-slim');
    expect(img.workdir).toBe('/srv/app');
    expect(img.env).toEqual({ APP_DIR: '/srv/app', MODE: 'two words', UNSET: 'fallback', LEGACY: 'hello   world' });
    expect(img.stopSignal).toBe('SIGINT');
    const offline = parse(text, { BASE: 'zerodrop/node-base:offline', DIR: '/opt' });
    expect(offline.from).toBe('zerodrop/node-base:offline');
    expect(offline.workdir).toBe('/opt/app');
    // A global ARG is not visible after FROM unless redeclared.
    expect(parse('ARG V=1\nFROM x\nENV A=$V\n').env.A).toBe('');
    expect(parse('ARG V=1\nFROM x\nARG V\nENV A=$V\n').env.A).toBe('1');
  });

  it('joins continuation lines, skips comments (also inside a continuation) and honours # escape=`', () => {
    const img = parse(
      [
        '# syntax=docker/dockerfile:1',
        'FROM x',
        '',
        'RUN apt-get update \\',
        '# a comment inside the continuation',
        '  && apt-get install -y tini \\   ',
        '  && true',
        'ENTRYPOINT ["tini", \\',
        '  "--", "node"]',
        'CMD node \\',
        '    server.ts',
      ].join('\n'),
    );
    expect(img.entrypoint).toEqual(['tini', '--', 'node']);
    expect(img.cmd).toEqual(['/bin/sh', '-c', 'node     server.ts']);
    const backtick = parse('# escape=`\nFROM x\nWORKDIR C:\\app\nCMD echo `\n  hi\n');
    expect(backtick.cmd).toEqual(['/bin/sh', '-c', 'echo   hi']);
  });

  it('records COPY sources relative to the context and destinations as absolute image paths', () => {
    const img = parse(
      [
        'FROM x',
        'WORKDIR /app',
        'COPY _app/server.ts ./',
        'COPY --chown=node:node a.sh b.sh lib/',
        'COPY ["with space.txt", "/etc/cfg.txt"]',
        'WORKDIR sub',
        'COPY c.ts .',
      ].join('\n'),
    );
    expect(img.copies).toEqual([
      { sources: ['_app/server.ts'], dest: '/app/' },
      { sources: ['a.sh', 'b.sh'], dest: '/app/lib/' },
      { sources: ['with space.txt'], dest: '/etc/cfg.txt' },
      { sources: ['c.ts'], dest: '/app/sub/' },
    ]);
    expect(img.workdir).toBe('/app/sub');
    expect(img.context).toBe(tmp.dir);
  });

  it('skips heredoc bodies of RUN (<<EOF and <<-EOF)', () => {
    const img = parse(
      'FROM x\nRUN <<EOF\nFROBNICATE is shell here\nEOF\nRUN cat <<-"END" > /f\n\tCMD not an instruction\n\tEND\nCMD ["node"]\n',
    );
    expect(img.cmd).toEqual(['node']);
    expect(parse('FROM x\nRUN cat <<<"here string"\nCMD ["a"]\n').cmd).toEqual(['a']);
  });

  it('uses SHELL for later shell forms and ignores build-time-only instructions', () => {
    const img = parse('FROM x\nLABEL a=b\nUSER node\nEXPOSE 8080\nRUN echo hi\nSHELL ["/bin/bash", "-lc"]\nCMD echo $HOME\n');
    expect(img.cmd).toEqual(['/bin/bash', '-lc', 'echo $HOME']);
  });

  it('names the file and `line N: INSTRUCTION` for what it cannot model', () => {
    const unknown = errorOf(() => parse('FROM x\n\nFROBNICATE now\n'));
    expect(unknown.file).toMatch(/Dockerfile$/);
    expect(unknown.field).toBe('line 3: FROBNICATE');
    expect(unknown.oneLine()).toMatch(/Dockerfile: line 3: FROBNICATE: unknown or unsupported Dockerfile instruction FROBNICATE/);
    expect(errorOf(() => parse('FROM x AS a\nFROM y\nCOPY --from=a /x /y\n')).field).toBe('line 3: COPY');
    expect(errorOf(() => parse('FROM x\nADD http://x/y /z\n')).field).toBe('line 2: ADD');
    expect(errorOf(() => parse('WORKDIR /x\nFROM y\n')).field).toBe('line 1: WORKDIR');
    expect(errorOf(() => parse('# only a comment\n')).message).toMatch(/no FROM/);
    expect(errorOf(() => parse('ARG BASE\nFROM ${BASE}\n')).message).toMatch(/FROM needs an image \(\$\{BASE\} is empty/);
  });
});
