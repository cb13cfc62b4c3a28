import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findScenarioRoot, readScenario } from '../../src/scenario/index.ts';
import type { Scenario } from '../../src/scenario/types.ts';

const root = findScenarioRoot();

/** Each scenario's one difference from the reference, as settings zerodrop compares. */
function settings(s: Scenario): Record<string, unknown> {
  const c = s.manifests.deployment.spec.template.spec.containers[0];
  const image = Object.values(s.images)[0];
  const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom?.fieldRef.fieldPath]));
  const startSh = image.copies.flatMap((copy) => copy.sources).find((src) => src.endsWith('start.sh'));
  const spec = s.manifests.deployment.spec;
  return {
    ...Object.fromEntries(Object.entries(env).map(([k, v]) => [`env.${k}`, v])),
    replicas: spec.replicas,
    strategy: JSON.stringify(spec.strategy ?? null),
    pdb: JSON.stringify(s.manifests.pdb?.spec.minAvailable ?? null),
    startupProbe: JSON.stringify(c.startupProbe ?? null),
    readinessProbe: JSON.stringify(c.readinessProbe ?? null),
    preStop: JSON.stringify(c.lifecycle?.preStop ?? null),
    grace: s.manifests.deployment.spec.template.spec.terminationGracePeriodSeconds,
    entrypoint: JSON.stringify(image.entrypoint),
    startSh: startSh === undefined ? null : readFileSync(join(image.context, startSh), 'utf8'),
  };
}

describe('scenarios differ from their reference in exactly one setting', () => {
  const cases: [string, string, string | string[]][] = [
    ['shell-entrypoint', 'prestop-sleep', 'startSh'],
    ['exec-entrypoint', 'prestop-sleep', 'preStop'],
    ['no-probe', 'prestop-sleep', 'readinessProbe'],
    ['tcp-probe', 'prestop-sleep', 'readinessProbe'],
    ['keepalive', 'prestop-sleep', 'env.KEEPALIVE_CLOSE'],
    ['short-grace', 'prestop-sleep', 'env.LATENCY_MS'],
    ['trap-forward', 'prestop-sleep', 'startSh'],
    ['tini', 'shell-entrypoint', 'entrypoint'],
    ['dumb-init', 'tini', 'entrypoint'],
    ['no-pdb', 'prestop-sleep', 'pdb'],
    ['startup-probe', 'prestop-sleep', 'startupProbe'],
    // Two settings, as its description says: with two replicas the strategy would lose nothing.
    ['max-unavailable', 'prestop-sleep', ['replicas', 'strategy']],
    ['nginx-quit', 'nginx-sleep-quit', 'preStop'],
  ];
  it.each(cases)('%s differs from %s only in %s', async (name, ref, setting) => {
    const a = settings(await readScenario(root, name));
    const b = settings(await readScenario(root, ref));
    const differing = Object.keys({ ...a, ...b }).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    expect(differing).toEqual([setting].flat());
  });
});
