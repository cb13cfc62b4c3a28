import type { Finding } from '../types.ts';
import { pid1Of } from './pid1.ts';
import type { Rule } from './rule.ts';
import { termProblem } from './shell-pid1.ts';

const EXEC_FIX = (app: string) =>
  `exec the app from the script (\`exec ${app}\`) so that the init's child is the app itself, or trap TERM, forward it to the app started with & and wait for it`;

/**
 * An init (tini, dumb-init) as PID 1 in front of a shell that keeps the app as its child:
 * - `tini-no-group`: tini without -g (or dumb-init --single-child) signals only the shell, which
 *   does not pass SIGTERM on;
 * - `init-shell-exits`: the init signals the whole group (tini -g, dumb-init), the app gets
 *   SIGTERM, but the shell (no TERM trap) dies of it, the init exits with its child, and the
 *   kernel kills the draining app. Measured with tini -g in a PID namespace; dumb-init exits
 *   with its child the same way.
 * dumb-init or tini in front of the app itself, or of a script that execs it, is fine.
 */
export const initShell: Rule = (t) => {
  const p = pid1Of(t);
  if (!p?.init || !p.shell) return [];
  if (!termProblem(p.shell)) return [];
  const { init, shell } = p;
  const child = shell.launch.child!;
  const evidence = [p.declared, shell.at(child)].filter((e, i, all) => all.indexOf(e) === i);
  if (!init.group) {
    return [
      finding(
        'tini-no-group',
        `${init.name} runs ${shell.name} ${init.name === 'tini' ? 'without -g' : 'with --single-child'}, and the shell keeps ${child.words[0]} as its child without passing SIGTERM on`,
        evidence,
        `${init.name} forwards SIGTERM only to its child, the shell, which does not pass it on, so ${child.words[0]} is killed with requests in flight when the shell and ${init.name} exit, or at the grace deadline.`,
        `${EXEC_FIX(child.text)}; ${init.name === 'tini' ? '-g' : 'group mode'} alone is not enough, because the shell still dies of the signal and ${init.name} exits with it`,
      ),
    ];
  }
  if (shell.launch.trap) return []; // the shell survives the signal: whether the app drains depends on the trap (the proof shows it)
  return [
    finding(
      'init-shell-exits',
      `${init.name} signals the whole process group, but the shell running ${child.words[0]} dies of SIGTERM and ${init.name} exits with it`,
      evidence,
      `${child.words[0]} receives SIGTERM, but its parent shell dies of the same signal, ${init.name} exits when its child does, and the kernel kills every process left in the pod's PID namespace, the draining app included.`,
      EXEC_FIX(child.text),
    ),
  ];
};

function finding(id: string, title: string, evidence: Finding['evidence'], mechanism: string, fix: string): Finding {
  return { id, severity: 'error', title, evidence, fix, mechanism };
}
