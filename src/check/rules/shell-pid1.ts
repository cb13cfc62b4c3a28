import { pid1Of, type ShellRun } from './pid1.ts';
import type { Rule } from './rule.ts';
import { passesTerm } from './shell-launch.ts';

/**
 * `shell-pid1`: a shell is PID 1 (shell-form ENTRYPOINT/CMD, `sh -c`, or a script) and keeps the
 * app as its child without passing SIGTERM on: no exec, and no TERM trap that forwards the
 * signal to a background child it waits for.
 */
export const shellPid1: Rule = (t) => {
  const p = pid1Of(t);
  if (!p?.shell || p.init) return [];
  const problem = termProblem(p.shell);
  if (!problem) return [];
  const { launch } = p.shell;
  const cmd = problem.at === 'trap' ? launch.trap!.command : launch.child!;
  const evidence = [p.shell.at(cmd), ...(p.shell.at(cmd) === p.declared ? [] : [p.declared])];
  return [
    {
      id: 'shell-pid1',
      severity: 'error',
      title: problem.title,
      evidence,
      fix: p.shell.name.endsWith(' -c')
        ? `write the command in exec form, without a shell (${JSON.stringify(launch.child!.words)}), or start the string with exec (\`exec ${launch.child!.text}\`)`
        : `start the app with exec (\`exec ${launch.child!.text}\`), so that it replaces the shell as PID 1 and receives SIGTERM`,
      mechanism: problem.mechanism,
    },
  ];
};

/** Why SIGTERM sent to this shell does not reach the app, or undefined when it does (or nothing is started). */
export function termProblem(s: ShellRun): { title: string; mechanism: string; at: 'child' | 'trap' } | undefined {
  const l = s.launch;
  if (passesTerm(l) || !l.child) return undefined;
  const app = l.child.words[0];
  if (!l.trap) {
    return {
      at: 'child',
      title: `${s.name} runs ${app} without exec and without a TERM trap: the shell (${s.shell}) is PID 1${s.name.endsWith(' -c') ? ' (only bash execs the last command of a -c string itself)' : ''}`,
      mechanism: `The kernel gives PID 1 no default signal action, so the shell, which has no TERM handler, ignores SIGTERM; ${app} never learns of the shutdown and is SIGKILLed at the grace deadline with requests in flight.`,
    };
  }
  if (!l.trap.forwards) {
    return {
      at: 'trap',
      title: `the TERM trap in ${s.name} does not pass the signal on to ${app} (no kill in it)`,
      mechanism: `The shell handles SIGTERM itself and ${app} never receives it, so ${app} is killed with requests in flight (at the grace deadline, or as soon as PID 1 exits).`,
    };
  }
  return {
    at: 'child',
    title: `${s.name} traps TERM but runs ${app} in the foreground${l.waits ? '' : ' and never waits'}: the trap cannot run while ${app} does`,
    mechanism: `A shell runs a trap only once the foreground command has finished, so the forwarding kill never happens and ${app} is SIGKILLed at the grace deadline with requests in flight.`,
  };
}
