import { basename } from 'node:path';
import type { Container, ImageConfig } from '../../k8s/index.ts';
import { commandSource, resolveCommand } from '../../k8s/index.ts';
import type { CheckTarget, Evidence } from '../types.ts';
import { imageConfigOf, instructionEvidence } from './image-config.ts';
import { APP, appContainer, fieldEvidence } from './rule.ts';
import type { ShellCommand } from './shell-commands.ts';
import { analyseShell, type ShellLaunch } from './shell-launch.ts';
import { shebangShell, shellOperand } from './shells.ts';

/** An init in front of the app: tini or dumb-init. */
export interface InitProcess {
  name: 'tini' | 'dumb-init';
  /** Signals the child's whole process group (tini -g or TINI_KILL_PROCESS_GROUP, dumb-init unless --single-child). */
  group: boolean;
}

/** A shell between PID 1 (or the init) and the app, with what its script does. */
export interface ShellRun {
  /** The shell's name (sh, bash, ...). */
  shell: string;
  /** The script's display name: its file, or `sh -c` for an inline string. */
  name: string;
  launch: ShellLaunch;
  /** Evidence for one of the script's commands (its file and line, or the declaring line for `-c`). */
  at: (cmd: ShellCommand) => Evidence;
}

/** What the container runs as PID 1, as far as the manifest, the Dockerfile and the scripts show. */
export interface Pid1 {
  argv: string[];
  /** Where argv is set: the manifest's command/args or the Dockerfile's ENTRYPOINT/CMD. */
  declared: Evidence;
  init?: InitProcess;
  /** Set when a shell runs in front of the app and its script can be read. */
  shell?: ShellRun;
}

/** Empty image config, for a --manifest target whose command the manifest sets entirely. */
const NO_IMAGE: ImageConfig = { dockerfile: '', context: '', from: '', entrypoint: [], cmd: [], workdir: '/', env: {}, copies: [] };
const memo = new WeakMap<CheckTarget, Pid1 | undefined>();

/**
 * PID 1 of the app container by Kubernetes' command/args rules over the image's ENTRYPOINT/CMD;
 * undefined when it cannot be seen (no Dockerfile and no `command` in the manifest).
 */
export function pid1Of(t: CheckTarget): Pid1 | undefined {
  if (!memo.has(t)) memo.set(t, readPid1(t));
  return memo.get(t);
}

function readPid1(t: CheckTarget): Pid1 | undefined {
  const c = appContainer(t);
  const image = imageConfigOf(t);
  if (!image && c.command === undefined) return undefined;
  const img = image ?? NO_IMAGE;
  const argv = containerArgv(c, img);
  if (argv === undefined) return undefined;
  const src = commandSource(c, img);
  const declared =
    src.origin === 'manifest'
      ? fieldEvidence(t, `${APP}.${src.field}`)
      : (instructionEvidence(t, src.field) ?? { file: t.dockerfile?.file ?? t.manifestFile });
  const env = { ...img.env, ...Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? ''])) };
  const [init, rest] = splitInit(argv, env);
  return { argv, declared, init, shell: shellRun(t, rest, declared) };
}

/** The argv Kubernetes runs for the container (resolveCommand), or undefined when nothing sets one. */
export function containerArgv(c: Container, image: ImageConfig): string[] | undefined {
  try {
    return resolveCommand(c, image);
  } catch {
    return undefined;
  }
}

/** Strip a leading tini or dumb-init (and its options) off argv. */
function splitInit(argv: string[], env: Record<string, string>): [InitProcess | undefined, string[]] {
  const name = basename(argv[0] ?? '');
  const isTini = /^tini(-static)?$/.test(name);
  if (!isTini && name !== 'dumb-init') return [undefined, argv];
  let group = isTini ? env.TINI_KILL_PROCESS_GROUP !== undefined && env.TINI_KILL_PROCESS_GROUP !== '' : env.DUMB_INIT_SETSID !== '0';
  let i = 1;
  for (; i < argv.length && argv[i].startsWith('-'); i++) {
    const a = argv[i];
    if (a === '--') {
      i++;
      break;
    }
    if (isTini && /^-[a-z]*g/.test(a)) group = true;
    if (!isTini && (a === '-c' || a === '--single-child')) group = false;
    if ((isTini && /^-[a-z]*[pe]$/.test(a)) || (!isTini && (a === '-r' || a === '--rewrite'))) i++;
  }
  return [{ name: isTini ? 'tini' : 'dumb-init', group }, argv.slice(i)];
}

/** The shell in front of the app, when argv starts one and its script is readable. */
function shellRun(t: CheckTarget, argv: string[], declared: Evidence): ShellRun | undefined {
  const op = shellOperand(argv);
  if (op?.inline !== undefined) {
    const launch = analyseShell(op.inline, { execsLastCommand: op.shell === 'bash' });
    return { shell: op.shell, name: `${op.shell} -c`, launch, at: () => declared };
  }
  const path = op?.script ?? argv[0];
  const script = path === undefined ? undefined : t.scripts.find((s) => basename(s.file) === basename(path));
  const shell = op?.shell ?? (script && shebangShell(script.text));
  if (!script || !shell) return undefined;
  return {
    shell,
    name: basename(script.file),
    launch: analyseShell(script.text),
    at: (cmd) => ({ file: script.file, line: cmd.line, text: cmd.text }),
  };
}
