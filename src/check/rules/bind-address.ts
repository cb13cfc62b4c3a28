import type { Evidence, Finding } from '../types.ts';
import { imageConfigOf, instructionEvidence } from './image-config.ts';
import { pid1Of } from './pid1.ts';
import { APP, appContainer, fieldEvidence, type Rule } from './rule.ts';

/** Environment variables apps commonly read their bind address from. */
const BIND_ENV = /^(HOST|HOSTNAME|BIND|BIND_(ADDR|ADDRESS|HOST|IP)|LISTEN_(ADDR|ADDRESS|HOST|IP)|SERVER_(HOST|ADDR|ADDRESS))$/;
/** Command-line options that set a bind address (`--host 127.0.0.1`, `--bind=127.0.0.1:8000`, gunicorn's `-b`). */
const BIND_FLAG = /^(--(host|bind|listen|address|bind-address|listen-address)|-b)(=(.*))?$/;

/**
 * `fixed-bind-address` (error): the app is told to listen on a loopback or fixed IP address, which
 * the pod IP that probes and the Service connect to is not. Seen in the container env, the
 * image's ENV, and the options of the command PID 1 (or its script) runs; 0.0.0.0, :: and
 * `status.podIP` are fine. What the app does without such a setting cannot be seen statically.
 */
export const bindAddress: Rule = (t) => {
  const out: Finding[] = [];
  const c = appContainer(t);
  const fromManifest = new Set<string>();
  (c.env ?? []).forEach((e, i) => {
    fromManifest.add(e.name);
    if (BIND_ENV.test(e.name) && e.value !== undefined && fixedAddress(e.value))
      out.push(finding(`${e.name}=${e.value}`, fieldEvidence(t, `${APP}.env[${i}]`, `${e.name}: ${e.value}`)));
  });
  for (const [name, value] of Object.entries(imageConfigOf(t)?.env ?? {})) {
    if (fromManifest.has(name) || !BIND_ENV.test(name) || !fixedAddress(value)) continue;
    out.push(
      finding(`${name}=${value}`, instructionEvidence(t, 'ENV', (a) => a.includes(name)) ?? { file: t.dockerfile?.file ?? t.manifestFile }),
    );
  }
  const p = pid1Of(t);
  const command = p?.shell?.launch.exec ?? p?.shell?.launch.child;
  const lists: [string[], Evidence | undefined][] = [
    [p?.argv ?? [], p?.declared],
    [command?.words ?? [], command && p?.shell?.at(command)],
  ];
  for (const [words, at] of lists) {
    words.forEach((w, i) => {
      const m = BIND_FLAG.exec(w);
      const value = m && (m[3] !== undefined ? m[4] : words[i + 1]);
      if (value && at && fixedAddress(value)) out.push(finding(`${m![1]} ${value}`, at));
    });
  }
  return out.filter((f, i) => out.findIndex((g) => g.title === f.title) === i);
};

/** A literal IP (or localhost), optionally with :port, that is not a wildcard address. */
export function fixedAddress(value: string): boolean {
  const host = value.replace(/^\[(.*)\](:\d+)?$/, '$1').replace(/^([^:]+):\d+$/, '$1');
  if (host === '0.0.0.0' || host === '::' || host === '') return false;
  return host === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || (/^[0-9a-fA-F:]+$/.test(host) && host.includes(':'));
}

function finding(setting: string, at: Evidence): Finding {
  const loopback = /^(localhost|127\.|::1$|\[::1\])/.test(setting.split(/[= ]/).pop() ?? '');
  return {
    id: 'fixed-bind-address',
    severity: 'error',
    title: `the app is told to listen on a ${loopback ? 'loopback' : 'fixed'} address (${setting}), not on the pod IP`,
    evidence: [at],
    fix: 'listen on 0.0.0.0 (or ::), or on the pod IP from the downward API: env valueFrom.fieldRef.fieldPath: status.podIP',
    mechanism: loopback
      ? "A loopback listener answers only inside the pod: kubelet's probes and the Service connect to the pod IP and are refused, so the pod never gets Ready, or, without a readiness probe, refuses its traffic."
      : "Every pod gets a new IP, so a fixed address is not this pod's: the app cannot bind it or is not reached on the pod IP, and the probes and the Service are refused.",
  };
}
