import type { Container, Probe } from '../../k8s/index.ts';
import { probePath } from '../../k8s/index.ts';
import type { Finding } from '../types.ts';
import { APP, appContainer, fieldEvidence, type Rule } from './rule.ts';

/**
 * The app container's readiness probe:
 * - `no-readiness-probe` (error; a warning when a startupProbe gates the first readiness);
 * - `tcp-readiness-probe` (warning): an open port says nothing of whether the app can answer yet;
 * - `readiness-is-liveness` (warning): the same check for both, so a pod that should only leave
 *   the endpoints (busy, draining) is restarted instead.
 */
export const readiness: Rule = (t) => {
  const c = appContainer(t);
  const probe = c.readinessProbe;
  const out: Finding[] = [];
  if (!probe) {
    const startup = c.startupProbe !== undefined;
    out.push({
      id: 'no-readiness-probe',
      severity: startup ? 'warning' : 'error',
      title: `container "${c.name}" has no readinessProbe${startup ? ' (only a startupProbe)' : ''}`,
      evidence: [fieldEvidence(t, APP, `containers[0] "${c.name}": no readinessProbe`)],
      fix: 'add readinessProbe.httpGet on an endpoint that answers 200 only once the app can serve (and 503 while it warms up or drains), with periodSeconds 1-5',
      mechanism: startup
        ? 'The startupProbe gates only the first readiness: afterwards the pod stays in the endpoints whatever its state, so a busy or stuck app keeps getting traffic.'
        : 'Without a readiness probe a pod is Ready as soon as its containers start, so the Service sends it traffic before the app listens or has warmed up, and a rollout removes old pods too early.',
    });
  } else if (probe.tcpSocket) {
    out.push({
      id: 'tcp-readiness-probe',
      severity: 'warning',
      title: `the readinessProbe of "${c.name}" is tcpSocket: an open port passes it, whether or not the app can answer`,
      evidence: [fieldEvidence(t, `${APP}.readinessProbe.tcpSocket`, `readinessProbe: tcpSocket ${JSON.stringify(probe.tcpSocket)}`)],
      fix: 'probe readiness with httpGet on an endpoint that answers 200 only once the app is warm (e.g. /readyz)',
      mechanism:
        'The port accepts connections as soon as the app listens, often before it is warm, so the pod gets traffic it answers with errors or slowly, and the rollout moves on early.',
    });
  }
  if (probe && c.livenessProbe && handlerKey(c, probe) === handlerKey(c, c.livenessProbe)) {
    out.push({
      id: 'readiness-is-liveness',
      severity: 'warning',
      title: `readinessProbe and livenessProbe of "${c.name}" check the same endpoint (${handlerKey(c, probe)})`,
      evidence: [fieldEvidence(t, `${APP}.readinessProbe`, 'readinessProbe'), fieldEvidence(t, `${APP}.livenessProbe`, 'livenessProbe')],
      fix: 'give liveness its own endpoint that fails only when the process is stuck (e.g. /healthz), and keep readiness for "can serve now" (e.g. /readyz)',
      mechanism:
        'A pod that is overloaded or draining fails readiness on purpose, and the same failure then fails liveness, so kubelet restarts the container with requests in flight instead of just taking it out of the endpoints.',
    });
  }
  return out;
};

/** What a probe checks, with named ports resolved: `GET :8080/readyz`, `TCP :8080`, `exec ...`. */
function handlerKey(c: Container, p: Probe): string {
  const port = (v: number | string) => String(typeof v === 'string' ? (c.ports?.find((x) => x.name === v)?.containerPort ?? v) : v);
  if (p.httpGet) return `GET :${port(p.httpGet.port)}${probePath(p.httpGet)}`;
  if (p.tcpSocket) return `TCP :${port(p.tcpSocket.port)}`;
  return `exec ${JSON.stringify(p.exec?.command ?? [])}`;
}
