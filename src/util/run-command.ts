import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { CommandError } from '../errors/index.ts';

/** Where progress lines go (the CLI prints them; the library never does). */
export type Log = (line: string) => void;

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** File whose bytes are piped to the child's stdin. */
  stdinFile?: string;
  /** Text written to the child's stdin. */
  input?: string;
  /** Called with each chunk of output (stdout and stderr), e.g. to tee into a log file. */
  onOutput?: (chunk: string) => void;
  /** Run under `nice -n 19` (long builds on a shared machine). */
  nice?: boolean;
  signal?: AbortSignal;
  /** Keep at most this many characters of stdout (default 16 MiB). */
  maxStdout?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

const STDERR_KEEP = 64 * 1024;

/** Runs one command with an argument array (no shell). Rejects with CommandError carrying stderr. */
export function runCommand(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const file = opts.nice ? 'nice' : cmd;
  const argv = opts.nice ? ['-n', '19', cmd, ...args] : [...args];
  const label = [cmd, ...args].join(' ');
  const maxStdout = opts.maxStdout ?? 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      signal: opts.signal,
      stdio: [opts.stdinFile || opts.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (!child.stdout || !child.stderr) throw new Error('spawn gave no stdout/stderr pipes');
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (stdout.length < maxStdout) stdout += d;
      opts.onOutput?.(d);
    });
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-STDERR_KEEP);
      opts.onOutput?.(d);
    });
    if (child.stdin) {
      child.stdin.on('error', () => {
        /* child closed stdin early; its exit code tells */
      });
      if (opts.stdinFile) createReadStream(opts.stdinFile).pipe(child.stdin);
      else child.stdin.end(opts.input);
    }
    child.on('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'ENOENT' ? `${cmd}: command not found` : err.message;
      reject(new CommandError(label, null, stderr + why, { cause: err }));
    });
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new CommandError(label, code, stderr || stdout.slice(-STDERR_KEEP)));
    });
  });
}

/** True when the command exits 0; never throws. */
export async function succeeds(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<boolean> {
  try {
    await runCommand(cmd, args, opts);
    return true;
  } catch {
    return false;
  }
}

/** Path of an executable on PATH, or undefined. */
export async function which(name: string): Promise<string | undefined> {
  try {
    const { stdout } = await runCommand('sh', ['-c', 'command -v "$1"', 'sh', name]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}
