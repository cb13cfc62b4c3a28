import { execFileSync } from 'node:child_process';
import { CommandError } from '../../../../errors/index.ts';
import { runCommand } from '../../../../util/index.ts';

/** Wait this long for the xtables lock (legacy backend) instead of failing at once. */
const LOCK_WAIT = ['-w', '5'];

/** Feeds `input` to `iptables-restore --noflush` (one atomic transaction per table). */
export async function iptablesRestore(input: string): Promise<void> {
  try {
    await runCommand('iptables-restore', ['--noflush', ...LOCK_WAIT], { input });
  } catch (err) {
    throw withFirstRule(err, input);
  }
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
export async function iptablesSave(table: string): Promise<string> {
  return (await runCommand('iptables-save', ['-t', table], { signal: AbortSignal.timeout(10_000) })).stdout;
}

/** The command's error, with the first rule sent as its hint. */
function withFirstRule(err: unknown, input: string): unknown {
  const line = input.split('\n').find((l) => l.startsWith('-')) ?? '';
  if (!(err instanceof CommandError) || !line) return err;
  return new CommandError(err.command, err.code, err.stderr, { hint: `first rule sent: ${line}`, cause: err });
}
