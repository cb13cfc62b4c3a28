import { readFile } from 'node:fs/promises';
import type { Container } from '../../k8s/index.ts';
import { resolveCommand } from '../../k8s/index.ts';
import { SHELLS } from '../rules/shells.ts';
import type { ProofLine } from '../types.ts';
import type { ProofImage } from './proof-image.ts';
import type { ProofContainer } from './start-proof-container.ts';

/** What PID 1 is, as far as signals go: a shell (no handler: TERM is dropped), tini without -g, or else. */
export type Pid1Kind = 'shell' | 'tini' | 'tini-group' | 'other';

export interface Pid1 {
  argv: string[];
  /** Where argv was read: /proc/1/cmdline inside the container, PID 1's /proc on the host, or the image's config. */
  source: 'exec' | 'host-proc' | 'image';
  kind: Pid1Kind;
  text: string;
}

const TINIS = new Set(['tini', 'tini-static', 'docker-init']);

export function pid1Kind(argv: readonly string[]): Pid1Kind {
  const exe = (argv[0] ?? '').split('/').pop() ?? '';
  if (SHELLS.has(exe) || exe === 'busybox') return 'shell';
  if (!TINIS.has(exe)) return 'other';
  const end = argv.findIndex((a, i) => i > 0 && (a === '--' || !a.startsWith('-')));
  const flags = argv.slice(1, end < 0 ? argv.length : end); // tini's own options come before the program
  return flags.some((f) => /^-[a-zA-Z]*g/.test(f)) ? 'tini-group' : 'tini';
}

const argvOf = (cmdline: string) => cmdline.split('\0').filter((a) => a !== '');

/** PID 1's argv: /proc/1/cmdline read by exec, else PID 1's /proc entry on the engine's host, else the image's config. */
async function readArgv(c: ProofContainer, img: ProofImage, spec: Container): Promise<{ argv: string[]; source: Pid1['source'] }> {
  const r = await c.exec(['cat', '/proc/1/cmdline']).catch(() => undefined);
  if (r?.exitCode === 0 && argvOf(r.stdout).length) return { argv: argvOf(r.stdout), source: 'exec' };
  const pid = await c.localPid1().catch(() => undefined);
  const argv = pid === undefined ? [] : argvOf(await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''));
  if (argv.length) return { argv, source: 'host-proc' };
  let declared: string[] = [];
  try {
    declared = resolveCommand(spec, img);
  } catch {
    /* nothing sets a command: an empty argv */
  }
  return { argv: declared, source: 'image' };
}

/** Reads PID 1 once the app has started (an `exec` in start.sh has happened by then). */
export async function measurePid1(c: ProofContainer, img: ProofImage, spec: Container): Promise<{ pid1: Pid1; line: ProofLine }> {
  const { argv, source } = await readArgv(c, img, spec);
  const text = argv.join(' ') || '(unknown)';
  const pid1: Pid1 = { argv, source, kind: pid1Kind(argv), text };
  const from = source === 'image' ? ' (from the image config: /proc/1/cmdline could not be read)' : '';
  return { pid1, line: { check: 'pid1', ok: true, line: `PID 1: ${text}${from}`, details: { pid1: text, kind: pid1.kind, source } } };
}
