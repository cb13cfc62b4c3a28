import { basename } from 'node:path';

/** Shells that, as PID 1 or as an init's child, stand between the signal and the app. */
export const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'mksh', 'zsh']);

/**
 * When argv starts a shell (`sh start.sh`, `bash -ec 'node app'`, `busybox sh x`): the shell's
 * name and either its `-c` string or its script operand; undefined when argv[0] is no shell.
 */
export function shellOperand(argv: string[]): { shell: string; inline?: string; script?: string } | undefined {
  let args = argv;
  if (basename(args[0] ?? '') === 'busybox' && SHELLS.has(args[1] ?? '')) args = args.slice(1);
  const shell = basename(args[0] ?? '');
  if (!SHELLS.has(shell)) return undefined;
  let inline = false;
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return operand(shell, inline, args[i + 1]);
    if (a === '-o' || a === '+o') {
      i++;
      continue;
    }
    if (/^[-+][A-Za-z]+$/.test(a)) {
      inline ||= a.startsWith('-') && a.includes('c');
      continue;
    }
    return operand(shell, inline, a);
  }
  return { shell };
}

function operand(shell: string, inline: boolean, value: string | undefined) {
  if (value === undefined) return { shell };
  return inline ? { shell, inline: value } : { shell, script: value };
}

/** The shell a script's `#!` line names (`#!/bin/sh`, `#!/usr/bin/env bash`), if it names one. */
export function shebangShell(text: string): string | undefined {
  const m = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(text);
  if (!m) return undefined;
  const name = basename(m[1]) === 'env' ? (m[2] ?? '') : basename(m[1]);
  return SHELLS.has(name) ? name : undefined;
}

/** A file an entrypoint runs is a shell script: a shell's operand, a `.sh` file or a shell `#!` line. */
export function isShellScript(file: string, text: string, operandOfShell: boolean): boolean {
  return operandOfShell || /\.(sh|bash)$/.test(file) || shebangShell(text) !== undefined;
}
