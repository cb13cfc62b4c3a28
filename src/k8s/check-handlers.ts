import type { ApiChecker } from './api-checker.ts';
import { show } from './api-checker.ts';

/** The handler fields of a probe (ProbeHandler) and of a lifecycle hook (LifecycleHandler), in the API server's order. */
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const HOOK_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;
export const HOOKS = ['postStart', 'preStop'] as const;

/**
 * A probe or lifecycle hook at `path` (when present) as the API server's validateHandler takes it:
 * a mapping with exactly one handler ("must specify a handler type", "may not specify more than 1
 * handler type"), an exec with a command, a port for httpGet, tcpSocket and grpc (`sleep: {}` is
 * 0 seconds, which the API server accepts since Kubernetes 1.33). Returns the handler's name, or undefined when absent.
 */
export function checkHandler(d: ApiChecker, path: string, kind: 'probe' | 'hook'): string | undefined {
  const v = d.value(path);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw d.fail(path, `must be a mapping, got ${show(v)}`);
  const allowed: readonly string[] = kind === 'probe' ? PROBE_HANDLERS : HOOK_HANDLERS;
  const set = allowed.filter((h) => (v as Record<string, unknown>)[h] !== undefined && (v as Record<string, unknown>)[h] !== null);
  const list = allowed.join(', ');
  if (set.length === 0) throw d.fail(path, `must specify a handler type: exactly one of ${list}`);
  if (set.length > 1)
    throw d.fail(`${path}.${set[1]}`, `may not specify more than 1 handler type (${set.join(' and ')} are set; one of ${list})`);
  const handler = set[0];
  const action = d.value(`${path}.${handler}`);
  if (typeof action !== 'object' || Array.isArray(action)) throw d.fail(`${path}.${handler}`, `must be a mapping, got ${show(action)}`);
  if (handler === 'exec') {
    const command = d.value(`${path}.exec.command`);
    if (command === undefined || command === null || (Array.isArray(command) && command.length === 0))
      throw d.fail(`${path}.exec.command`, 'is required');
    if (!Array.isArray(command) || !command.every((a) => typeof a === 'string'))
      throw d.fail(`${path}.exec.command`, `must be a list of strings, got ${show(command)}`);
  }
  if (handler === 'httpGet' || handler === 'tcpSocket' || handler === 'grpc') {
    if (d.value(`${path}.${handler}.port`) === undefined) throw d.fail(`${path}.${handler}.port`, 'is required');
    const p = d.value(`${path}.httpGet.path`);
    if (handler === 'httpGet' && p !== undefined && typeof p !== 'string')
      throw d.fail(`${path}.httpGet.path`, `must be a string, got ${show(p)}`);
  }
  return handler;
}
