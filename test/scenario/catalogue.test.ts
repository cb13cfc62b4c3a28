import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZerodropError } from '../../src/errors/zerodrop-error.ts';
import { findScenarioRoot, listScenarios, loadScenario } from '../../src/scenario/index.ts';
import { checkLocalSupport } from '../../src/cluster/providers/local/local-support.ts';
import type { Scenario } from '../../src/scenario/types.ts';

const root = findScenarioRoot();
const DEMO = ['shell-entrypoint', 'exec-entrypoint', 'no-probe', 'prestop-sleep'];
const ALL = [...DEMO, 'tini', 'trap-forward', 'tcp-probe', 'short-grace', 'keepalive'];

describe('the shipped scenario catalogue', () => {
  it('lists every scenario directory with a scenario.yaml, and not _app', async () => {
    const list = await listScenarios(root);
    expect(list.map((s) => s.name).sort()).toEqual([...ALL].sort());
    expect(list.find((s) => s.name === 'prestop-sleep')?.expected).toBe('lossless');
    for (const name of ['shell-entrypoint', 'no-probe', 'tcp-probe', 'short-grace', 'keepalive', 'tini']) {
      expect(list.find((s) => s.name === name)?.expected).toBe('lossy');
    }
  });

  it.each(ALL)('%s loads, passes checkLocalSupport and stages from its own Dockerfile', async (name) => {
    const s = await loadScenario(root, name);
    checkLocalSupport(s.manifests);
    expect(s.dir).toBe(join(root, name));
    expect(s.why).toBeTruthy();
    expect(s.manifests.deployment.spec.replicas).toBe(2);
    expect(s.manifests.deployment.spec.strategy?.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(s.manifests.pdb?.spec.minAvailable).toBe(1);
    const image = s.images[`zerodrop/${name}:dev`];
    expect(image.from).toBe('node:24-slim');
    expect(image.workdir).toBe('/app');
    expect(image.context).toBe(root);
    for (const copy of image.copies) for (const src of copy.sources) expect(existsSync(join(root, src))).toBe(true);
    expect(image.copies.flatMap((c) => c.sources)).toContain('_app/server.ts');
    const env = Object.fromEntries((s.manifests.deployment.spec.template.spec.containers[0].env ?? []).map((e) => [e.name, e.value ?? e.valueFrom?.fieldRef.fieldPath]));
    expect(env).toMatchObject({ HOST: 'status.podIP', POD_NAME: 'metadata.name', PORT: '8080' });
  });

  it('findScenarioRoot finds the repo catalogue from any directory inside the repo, and says when there is none', () => {
    expect(findScenarioRoot(join(root, 'prestop-sleep'))).toBe(root);
    expect(findScenarioRoot(join(root, '..', 'src', 'cli'))).toBe(root);
    expect(() => findScenarioRoot(tmpdir())).toThrow(ZerodropError);
  });

  it('builds on the offline base with a --build-arg, without forking the Dockerfile', async () => {
    const s = await loadScenario(root, 'prestop-sleep', { buildArgs: { BASE: 'zerodrop/node:offline' } });
    expect(s.images['zerodrop/prestop-sleep:dev'].from).toBe('zerodrop/node:offline');
  });

  it('an unknown scenario names the scenarios dir and the known names', async () => {
    const err = await loadScenario(root, 'no-such-thing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZerodropError);
    const e = err as ZerodropError;
    expect(e.file).toMatch(/scenarios$/);
    expect(e.message).toContain('unknown scenario "no-such-thing"');
    for (const name of ALL) expect(e.message).toContain(name);
    await expect(loadScenario(root, '_app')).rejects.toThrow(/"_app" is not a valid name/);
    await expect(loadScenario(root, '..')).rejects.toMatchObject({ field: 'scenario name', exitCode: 2 });
  });
});

/** Each scenario's one difference from the reference, as settings zerodrop compares. */
function settings(s: Scenario): Record<string, unknown> {
  const c = s.manifests.deployment.spec.template.spec.containers[0];
  const image = Object.values(s.images)[0];
  const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom?.fieldRef.fieldPath]));
  const startSh = image.copies.flatMap((copy) => copy.sources).find((src) => src.endsWith('start.sh'));
  return {
    ...Object.fromEntries(Object.entries(env).map(([k, v]) => [`env.${k}`, v])),
    readinessProbe: JSON.stringify(c.readinessProbe ?? null),
    preStop: JSON.stringify(c.lifecycle?.preStop ?? null),
    grace: s.manifests.deployment.spec.template.spec.terminationGracePeriodSeconds,
    entrypoint: JSON.stringify(image.entrypoint),
    startSh: startSh === undefined ? null : readFileSync(join(image.context, startSh), 'utf8'),
  };
}

describe('scenarios differ from their reference in exactly one setting', () => {
  const cases: [string, string, string][] = [
    ['shell-entrypoint', 'prestop-sleep', 'startSh'],
    ['exec-entrypoint', 'prestop-sleep', 'preStop'],
    ['no-probe', 'prestop-sleep', 'readinessProbe'],
    ['tcp-probe', 'prestop-sleep', 'readinessProbe'],
    ['keepalive', 'prestop-sleep', 'env.KEEPALIVE_CLOSE'],
    ['short-grace', 'prestop-sleep', 'env.LATENCY_MS'],
    ['trap-forward', 'prestop-sleep', 'startSh'],
    ['tini', 'shell-entrypoint', 'entrypoint'],
  ];
  it.each(cases)('%s differs from %s only in %s', async (name, ref, setting) => {
    const a = settings(await loadScenario(root, name));
    const b = settings(await loadScenario(root, ref));
    const differing = Object.keys({ ...a, ...b }).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    expect(differing).toEqual([setting]);
  });
});
