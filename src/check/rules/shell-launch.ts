import { type ShellCommand, shellCommands } from './shell-commands.ts';

/** How a shell script starts the app, and whether SIGTERM can reach it. */
export interface ShellLaunch {
  /** `exec CMD`: CMD replaces the shell (same PID) and receives SIGTERM itself. */
  exec?: ShellCommand;
  /** The app the shell starts and stays the parent of: its last top-level command that is no shell builtin or utility. */
  child?: ShellCommand;
  /** The last `trap ACTION ... TERM`, and whether ACTION (or the function it calls) signals a process with kill. */
  trap?: { command: ShellCommand; forwards: boolean };
  /** The script runs `wait`: a trapped TERM interrupts it at once (a foreground command defers the trap until it ends). */
  waits: boolean;
}

/** Shell keywords that may open a command (`if`, `then node app` ...): skipped to find the command name. */
const OPENERS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time']);
/** Commands that close a block or start a loop or case: never the app. */
const CLOSERS = new Set(['fi', 'done', 'esac', '}', 'for', 'case', 'select', 'in', ';;']);
/** Builtins and utilities an entrypoint runs around the app; none of them is the app. */
const NOT_THE_APP = new Set(
  `echo printf set unset export readonly local declare typeset cd pwd pushd popd wait exit return
  trap kill sleep true false : test [ [[ source . shift read umask ulimit alias getopts hash type command break continue
  mkdir cp mv rm chmod chown chgrp ln touch cat tee envsubst sed awk grep mkfifo sync date id whoami logger printenv`.split(/\s+/),
);

/**
 * What a shell script (or a `sh -c` string) does with the app: `exec`s it, starts it as its
 * child, and traps TERM or not. `execsLastCommand`: the shell itself execs the last command of
 * the text when it is a foreground command without redirections and no trap is set (bash -c
 * does, measured with bash 5.2; dash, Debian's /bin/sh, does not).
 */
export function analyseShell(text: string, opts: { execsLastCommand?: boolean } = {}): ShellLaunch {
  const functions = new Map<string, ShellCommand[]>();
  const launch: ShellLaunch = { waits: false };
  let fn: { name: string; depth: number } | undefined;
  let depth = 0;
  const commands = shellCommands(text);
  for (const raw of commands) {
    let words = [...raw.words];
    const header = functionHeader(words);
    if (header) {
      fn = { name: header.name, depth };
      functions.set(header.name, []);
      words = words.slice(header.length);
    }
    while (words.length > 0 && (OPENERS.has(words[0]) || /^[^$(]*\)$/.test(words[0]))) if (words.shift() === '{') depth++;
    if (words[0] === '}') {
      depth--;
      if (fn && depth <= fn.depth) fn = undefined;
      continue;
    }
    while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) words.shift();
    if (words.length === 0 || CLOSERS.has(words[0])) continue;
    const cmd = { ...raw, words };
    if (fn) functions.get(fn.name)!.push(cmd);
    if (words[0] === 'exec' && execTarget(words)) launch.exec ??= cmd;
    else if (words[0] === 'wait') launch.waits = true;
    else if (words[0] === 'trap') trapOf(cmd, launch);
    else if (!fn && !NOT_THE_APP.has(words[0]) && !functions.has(words[0])) launch.child = cmd;
  }
  if (launch.trap && !launch.trap.forwards) {
    const called = functions.get(launch.trap.command.words[1]?.split(/\s+/)[0] ?? '');
    launch.trap.forwards = called?.some((c) => c.words[0] === 'kill') ?? false;
  }
  const last = launch.child !== undefined && launch.child.text === commands.at(-1)?.text && launch.child.line === commands.at(-1)?.line;
  const plain = last && !launch.child!.background && !launch.child!.words.some(isRedirection);
  if (opts.execsLastCommand && plain && !launch.exec && !launch.trap) launch.exec = launch.child;
  return launch;
}

/**
 * True when SIGTERM sent to the shell reaches the app: the shell execs it, or it traps TERM,
 * forwards it with kill to a child started in the background, and waits.
 */
export function passesTerm(l: ShellLaunch): boolean {
  if (l.exec) return true;
  return l.trap?.forwards === true && l.waits && l.child?.background === true;
}

/** `name()`, `name ()` or `function name`: the function's name and how many words the header takes. */
function functionHeader(words: string[]): { name: string; length: number } | undefined {
  if (words[0] === 'function' && words[1]) return { name: words[1].replace(/\(\)$/, ''), length: words[2] === '()' ? 3 : 2 };
  const m = /^([A-Za-z_][\w-]*)\(\)$/.exec(words[0] ?? '');
  if (m) return { name: m[1], length: 1 };
  if (/^[A-Za-z_][\w-]*$/.test(words[0] ?? '') && words[1] === '()') return { name: words[0], length: 2 };
  return undefined;
}

/** `exec` followed by a command, not only by redirections (`exec >log 2>&1` changes no process). */
function execTarget(words: string[]): boolean {
  return words.slice(1).some((w) => !isRedirection(w) && !['-a', '-c', '-l'].includes(w));
}

function isRedirection(word: string): boolean {
  return /^(\d*[<>]|&>)/.test(word);
}

/** Record `trap ACTION SIG...` when SIG includes TERM; `trap - TERM` resets it. */
function trapOf(cmd: ShellCommand, launch: ShellLaunch): void {
  const args = cmd.words.slice(cmd.words[1] === '--' ? 2 : 1);
  if (args.length < 2 || (args[0].startsWith('-') && args[0] !== '-')) return;
  const signals = args.slice(1).map((s) => s.toUpperCase().replace(/^SIG/, ''));
  if (!signals.includes('TERM') && !signals.includes('15')) return;
  if (args[0] === '-') launch.trap = undefined;
  else launch.trap = { command: { ...cmd, words: ['trap', ...args] }, forwards: /(^|[\s;&|(])kill\s/.test(args[0]) };
}
