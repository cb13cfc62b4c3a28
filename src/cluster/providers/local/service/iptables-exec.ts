import { execFile, execFileSync, spawn } from 'node:child_process';
import { CommandError } from '../../../../errors/command-error.ts';

/** Wait this long for the xtables lock (legacy backend) instead of failing at once. */
const LOCK_WAIT = ['-w', '5'];

/** Feeds `input` to `iptables-restore --noflush` (one atomic transaction per table). */
export function iptablesRestore(input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = ['--noflush', ...LOCK_WAIT];
    const child = spawn('iptables-restore', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(commandError('iptables-restore', args, code, signal, stderr, input));
    });
    child.stdin.on('error', () => {}); // a failed child reports through 'close'
    child.stdin.end(input);
  });
}

/** The same, synchronously: only for clean-up at process exit. Never throws. */
export function iptablesRestoreSync(input: string): void {
  try {
    execFileSync('iptables-restore', ['--noflush', ...LOCK_WAIT], { input, stdio: ['pipe', 'ignore', 'ignore'], timeout: 5000 });
  } catch {
    // best effort: the next provider up() removes chains of dead processes
  }
}

/** `iptables-save -t <table>` output. */
export function iptablesSave(table: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('iptables-save', ['-t', table], { encoding: 'utf8', timeout: 10_000 }, (err, stdout, stderr) => {
      if (err) reject(commandError('iptables-save', ['-t', table], typeof err.code === 'number' ? err.code : null, null, stderr, ''));
      else resolve(stdout);
    });
  });
}

function commandError(cmd: string, args: string[], code: number | null, _signal: NodeJS.Signals | null, stderr: string, input: string): Error {
  const line = input.split('\n').find((l) => l.startsWith('-')) ?? '';
  return new CommandError([cmd, ...args].join(' '), code, stderr, line ? { hint: `first rule sent: ${line}` } : {});
}
