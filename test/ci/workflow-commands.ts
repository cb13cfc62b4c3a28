import type { Command, Option } from 'commander';

/** A step of a GitHub Actions workflow or composite action, the fields the tests read. */
export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

/**
 * The zerodrop and npm commands a GitHub Actions `run:` script calls, checked against the real
 * program: `npm run X` (X a script of package.json; arguments after `--` checked against the
 * zerodrop command the script runs), `npx zerodrop ...`, `node bin/zerodrop.js ...` and a line starting `zerodrop ...`
 * (subcommands, flags and their values as commander parses them, argument counts).
 */

/** Words of a shell line up to its first operator (`>`, `|`, `&&`, `;`); quotes removed. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    const word = m[1] ?? m[2] ?? m[3];
    if (m[3] !== undefined && /^(\||\|\||&&|;|[0-9]?>>?.*)$/.test(word)) break;
    words.push(word);
  }
  return words;
}

/** Every invocation in a script: [kind, words after it]. Continued lines (`\` at the end) are joined first. */
export function invocations(script: string): { kind: 'npm-run' | 'zerodrop'; words: string[] }[] {
  const out: { kind: 'npm-run' | 'zerodrop'; words: string[] }[] = [];
  for (const line of script.replace(/\\\n\s*/g, ' ').split('\n')) {
    for (const m of line.matchAll(/\bnpm run (.*)|\bnpx zerodrop\b(.*)|\bnode bin\/zerodrop\.js\b(.*)|^\s*zerodrop\s(.*)/g)) {
      out.push(
        m[1] !== undefined ? { kind: 'npm-run', words: shellWords(m[1]) } : { kind: 'zerodrop', words: shellWords(m[2] ?? m[3] ?? m[4]) },
      );
    }
  }
  return out;
}

const isExpansion = (w: string) => w.includes('$');
const findOption = (cmd: Command, name: string): Option | undefined => cmd.options.find((o) => o.long === name || o.short === name);

/** Problems of `zerodrop <words>` against the program ('' entries never: an empty list means valid). */
export function zerodropProblems(program: Command, words: readonly string[]): string[] {
  let cmd = program;
  let i = 0;
  for (; i < words.length; i++) {
    const sub = cmd.commands.find((c) => c.name() === words[i] || c.aliases().includes(words[i]));
    if (!sub) break;
    cmd = sub;
  }
  const path = ['zerodrop', ...words.slice(0, i)].join(' ');
  if (cmd === program) return [`zerodrop: no subcommand in "${words.join(' ')}"`];
  if (cmd.commands.length) return [`${path}: needs one of its subcommands (${cmd.commands.map((c) => c.name()).join(', ')})`];
  const problems: string[] = [];
  const positional: string[] = [];
  for (; i < words.length; i++) {
    const w = words[i];
    if (!w.startsWith('-') || isExpansion(w)) {
      positional.push(w);
      continue;
    }
    const [name, inline] = w.split(/=(.*)/s);
    const opt = findOption(cmd, name) ?? findOption(program, name);
    if (!opt) {
      problems.push(`${path}: unknown flag ${name}`);
      continue;
    }
    if (!opt.required && !opt.optional) continue;
    const value = inline ?? words[++i];
    if (value === undefined) problems.push(`${path}: ${name} needs a value`);
    else if (!isExpansion(value) && opt.parseArg) {
      try {
        opt.parseArg(value, opt.defaultValue);
      } catch (err) {
        problems.push(`${path}: ${name} ${value}: ${(err as Error).message}`);
      }
    }
  }
  const args = cmd.registeredArguments;
  const required = args.filter((a) => a.required).length;
  const variadic = args.some((a) => a.variadic);
  if (positional.length < required || (!variadic && positional.length > args.length)) {
    problems.push(
      `${path}: takes ${args.map((a) => a.name()).join(', ') || 'no argument'}, got ${positional.length} (${positional.join(' ')})`,
    );
  }
  return problems;
}

/** Problems of `npm run <script> [-- args]` given package.json's scripts. */
export function npmRunProblems(program: Command, scripts: Record<string, string>, words: readonly string[]): string[] {
  const [name, ...rest] = words;
  const script = scripts[name];
  if (script === undefined) return [`npm run ${name}: no such script in package.json`];
  const extra = rest[0] === '--' ? rest.slice(1) : rest;
  const target = /^node bin\/zerodrop\.js (.*)$/.exec(script);
  if (!target) return extra.length ? [`npm run ${name}: passes arguments to a script that is not zerodrop (${script})`] : [];
  return zerodropProblems(program, [...shellWords(target[1]), ...extra]);
}
