import { APP, appContainer, fieldEvidence, type Rule } from './rule.ts';
import { shellOperand } from './shells.ts';
import { ENDPOINT_PROPAGATION_SECONDS, preStopSeconds } from './timing.ts';

const FIX = `add lifecycle.preStop.sleep.seconds: 3 (Kubernetes 1.30+; before that exec ["sleep", "3"]), longer than endpoint propagation (~${ENDPOINT_PROPAGATION_SECONDS} s), and keep terminationGracePeriodSeconds above it plus the app's drain time`;
const MECHANISM = `SIGTERM arrives while the pod's endpoint removal is still propagating (~${ENDPOINT_PROPAGATION_SECONDS} s), so kube-proxy and load balancers keep sending new connections to a pod that is closing its listener, and those are refused or reset.`;

/**
 * `no-prestop`: the app container has no preStop hook. `prestop-too-short`: its preStop waits
 * less than endpoint propagation (an exec hook without a sleep, such as `nginx -s quit`).
 * Warnings: an app that keeps serving for a moment after SIGTERM loses nothing.
 */
export const preStop: Rule = (t) => {
  const hook = appContainer(t).lifecycle?.preStop;
  if (!hook) {
    return [
      {
        id: 'no-prestop',
        severity: 'warning',
        title: `container "${appContainer(t).name}" has no preStop hook: SIGTERM races the endpoint removal`,
        evidence: [fieldEvidence(t, APP, `containers[0] "${appContainer(t).name}": no lifecycle.preStop`)],
        fix: FIX,
        mechanism: MECHANISM,
      },
    ];
  }
  const seconds = preStopSeconds(hook);
  if (seconds === undefined || seconds >= ENDPOINT_PROPAGATION_SECONDS) return [];
  const path = `${APP}.lifecycle.preStop.${hook.sleep ? 'sleep.seconds' : 'exec.command'}`;
  return [
    {
      id: 'prestop-too-short',
      severity: 'warning',
      title: `the preStop hook waits ${seconds} s, less than endpoint propagation (~${ENDPOINT_PROPAGATION_SECONDS} s)${hook.exec && seconds === 0 ? ': it has no sleep' : ''}`,
      evidence: [fieldEvidence(t, path)],
      fix: hook.exec
        ? `sleep first: exec.command: ${JSON.stringify(['sh', '-c', `sleep 3 && ${shellOperand(hook.exec.command)?.inline ?? hook.exec.command.join(' ')}`])}`
        : FIX,
      mechanism: `The hook ends${hook.exec ? ' (and the app stops listening)' : ''} before every kube-proxy and load balancer has dropped the endpoint, so new connections still arrive at a pod that no longer accepts them.`,
    },
  ];
};
