import { APP, appContainer, fieldEvidence, type Rule } from './rule.ts';
import { DEFAULT_GRACE_SECONDS, MIN_DRAIN_SECONDS, preStopSeconds } from './timing.ts';

const GRACE = 'spec.template.spec.terminationGracePeriodSeconds';

/**
 * `grace-leaves-no-drain`: terminationGracePeriodSeconds minus the preStop hook's wait leaves the
 * app less than MIN_DRAIN_SECONDS after SIGTERM (the preStop time counts against the grace
 * period). A warning: an app that needs less than kubelet's 2 s emergency extension still drains.
 * How long the app's own requests take cannot be seen statically (the proof measures SIGTERM).
 */
export const grace: Rule = (t) => {
  const set = t.deployment.spec.template.spec.terminationGracePeriodSeconds;
  const seconds = set ?? DEFAULT_GRACE_SECONDS;
  const hook = appContainer(t).lifecycle?.preStop;
  const wait = (hook && preStopSeconds(hook)) ?? 0;
  const left = seconds - wait;
  if (left >= MIN_DRAIN_SECONDS) return [];
  const evidence = [fieldEvidence(t, GRACE, `terminationGracePeriodSeconds: ${seconds}${set === undefined ? ' (default)' : ''}`)];
  if (wait > 0) evidence.push(fieldEvidence(t, `${APP}.lifecycle.preStop`, `preStop: waits ${wait} s`));
  return [
    {
      id: 'grace-leaves-no-drain',
      severity: 'warning',
      title: `terminationGracePeriodSeconds ${seconds} leaves the app ${Math.max(left, 0)} s after ${wait > 0 ? `the ${wait} s preStop` : 'SIGTERM'} to drain`,
      evidence,
      fix: `set terminationGracePeriodSeconds to at least the preStop wait plus the app's longest request and its keep-alive close (more than ${wait + MIN_DRAIN_SECONDS} s here)`,
      mechanism:
        left <= 0
          ? "The grace period runs out before SIGTERM is sent, so the app gets SIGTERM with only kubelet's 2 s extension before SIGKILL resets what is still in flight."
          : 'The grace period counts from the start of preStop, so SIGKILL follows SIGTERM too soon for the app to answer what is in flight and close its connections.',
    },
  ];
};
