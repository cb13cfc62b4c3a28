import { posix, resolve } from 'node:path';
import { ZerodropError } from '../../errors/index.ts';
import { displayPath, ReadFileError, readRegularFile } from '../../util/index.ts';
import { type DockerfileInstruction, dockerfileLines } from './dockerfile-lines.ts';
import { dockerWord, dockerWords } from './dockerfile-words.ts';
import type { ImageConfig } from './image-config.ts';

interface Stage {
  from: string;
  config: Omit<ImageConfig, 'dockerfile' | 'context' | 'from'>;
  args: Record<string, string>;
  shell: string[];
  cmdSet: boolean;
}

/** Instructions that only matter at build time or to Docker itself; accepted and not modelled. */
const IGNORED = new Set(['RUN', 'EXPOSE', 'LABEL', 'USER', 'HEALTHCHECK', 'VOLUME', 'MAINTAINER', 'ONBUILD']);

/**
 * Read a Dockerfile into the image config it would build, by Docker's rules: ARG (global before
 * FROM, per stage after it; `buildArgs` override defaults as `--build-arg` does), FROM (the last
 * stage is the image; `FROM <stage>` inherits), WORKDIR, COPY, ENV, ENTRYPOINT, CMD, SHELL,
 * STOPSIGNAL. Shell form becomes [...SHELL, text] (default ['/bin/sh', '-c', text]). ENTRYPOINT
 * drops a CMD not set in the same stage. An instruction zerodrop cannot model is a ZerodropError
 * naming the file and `line N: INSTRUCTION`.
 */
export function parseDockerfile(file: string, context: string, buildArgs: Record<string, string> = {}): ImageConfig {
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (err) {
    throw new ZerodropError(`cannot read Dockerfile: ${err instanceof ReadFileError ? err.reason : String(err)}`, {
      file: displayPath(file),
      cause: err,
    });
  }
  const nul = text.indexOf('\0');
  if (nul !== -1)
    throw new ZerodropError('contains a NUL byte: a Dockerfile is text', {
      file: displayPath(file),
      field: `line ${text.slice(0, nul).split('\n').length}`,
    });
  const { escape, instructions } = dockerfileLines(text);
  const globalArgs: Record<string, string> = {};
  const stages = new Map<string, Stage>();
  let stage: Stage | undefined;
  const fail = (ins: DockerfileInstruction, message: string) =>
    new ZerodropError(message, { file: displayPath(file), field: `line ${ins.line}: ${ins.keyword}` });

  for (const ins of instructions) {
    const vars = stage ? { ...stage.args, ...stage.config.env } : globalArgs;
    const words = () => dockerWords(ins.args, vars, escape);
    switch (ins.keyword) {
      case 'ARG':
        for (const w of words()) {
          const eq = w.indexOf('=');
          const name = eq === -1 ? w : w.slice(0, eq);
          const fallback = eq === -1 ? (stage ? globalArgs[name] : undefined) : w.slice(eq + 1);
          const value = buildArgs[name] ?? fallback;
          if (value !== undefined) (stage ? stage.args : globalArgs)[name] = value;
        }
        break;
      case 'FROM': {
        const ws = dockerWords(ins.args, globalArgs, escape).filter((w) => !w.startsWith('--'));
        if (ws.length === 0 || ws[0] === '') throw fail(ins, `FROM needs an image (${ins.args || 'nothing'} is empty: is an ARG missing?)`);
        const base = stages.get(ws[0].toLowerCase());
        stage = base
          ? { ...structuredClone(base), args: {}, cmdSet: false }
          : {
              from: ws[0],
              config: { entrypoint: [], cmd: [], workdir: '/', env: {}, copies: [] },
              args: {},
              shell: ['/bin/sh', '-c'],
              cmdSet: false,
            };
        if (ws.length >= 3 && ws[1].toUpperCase() === 'AS') stages.set(ws[2].toLowerCase(), stage);
        break;
      }
      default:
        if (stage === undefined) throw fail(ins, `${ins.keyword} before FROM (only ARG may come before the first FROM)`);
        apply(stage, ins, vars, escape, fail);
    }
  }
  if (stage === undefined) throw new ZerodropError('no FROM instruction', { file: displayPath(file) });
  return { dockerfile: resolve(file), context: resolve(context), from: stage.from, ...stage.config };
}

function apply(
  stage: Stage,
  ins: DockerfileInstruction,
  vars: Record<string, string>,
  escape: string,
  fail: (ins: DockerfileInstruction, message: string) => ZerodropError,
): void {
  const c = stage.config;
  switch (ins.keyword) {
    case 'WORKDIR':
      c.workdir = posix.resolve(c.workdir, dockerWord(ins.args, vars, escape));
      return;
    case 'ENV': {
      const ws = dockerWords(ins.args, vars, escape);
      if (ws.length > 0 && !ws[0].includes('=')) {
        // Legacy form: ENV KEY value with spaces
        const rest = ins.args.replace(/^\S+\s*/, '');
        c.env[ws[0]] = dockerWord(rest, vars, escape);
        return;
      }
      for (const w of ws) {
        const eq = w.indexOf('=');
        if (eq <= 0) throw fail(ins, `ENV expects KEY=VALUE, got "${w}"`);
        c.env[w.slice(0, eq)] = w.slice(eq + 1);
      }
      return;
    }
    case 'COPY': {
      const { flags, rest } = splitFlags(ins.args);
      if (flags.some((f) => f.startsWith('--from')))
        throw fail(ins, 'COPY --from is not supported (multi-stage copies cannot be staged without building)');
      const parts = execForm(rest) ?? dockerWords(rest, vars, escape);
      if (parts.length < 2) throw fail(ins, 'COPY needs at least one source and a destination');
      const dest = parts[parts.length - 1];
      const dirLike = dest.endsWith('/') || dest === '.' || dest.endsWith('/.');
      const abs = posix.resolve(c.workdir, dest);
      c.copies.push({ sources: parts.slice(0, -1), dest: dirLike && abs !== '/' ? `${abs}/` : abs });
      return;
    }
    case 'ENTRYPOINT':
      c.entrypoint = command(stage, ins.args);
      if (!stage.cmdSet) c.cmd = [];
      return;
    case 'CMD':
      c.cmd = command(stage, ins.args);
      stage.cmdSet = true;
      return;
    case 'SHELL': {
      const shell = execForm(ins.args);
      if (!shell || shell.length === 0) throw fail(ins, 'SHELL must be a JSON array, e.g. ["/bin/bash", "-c"]');
      stage.shell = shell;
      return;
    }
    case 'STOPSIGNAL':
      c.stopSignal = dockerWord(ins.args, vars, escape);
      return;
    default:
      if (IGNORED.has(ins.keyword)) return;
      throw fail(
        ins,
        ins.keyword === 'ADD'
          ? 'ADD is not supported by zerodrop (use COPY)'
          : `unknown or unsupported Dockerfile instruction ${ins.keyword}`,
      );
  }
}

/** Exec form (JSON array of strings) or shell form ([...SHELL, text]), as Docker decides. */
function command(stage: Stage, args: string): string[] {
  return execForm(args) ?? (args === '' ? [] : [...stage.shell, args]);
}

function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    if (Array.isArray(parsed) && parsed.every((p) => typeof p === 'string')) return parsed;
  } catch {
    // not JSON: shell form
  }
  return undefined;
}

function splitFlags(args: string): { flags: string[]; rest: string } {
  const flags: string[] = [];
  let rest = args;
  for (let m = /^(--\S+)\s+/.exec(rest); m; m = /^(--\S+)\s+/.exec(rest)) {
    flags.push(m[1]);
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}
