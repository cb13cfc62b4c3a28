import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLocalSupport } from '../../src/cluster/providers/local/local-support.ts';
import { ZerodropError } from '../../src/errors/zerodrop-error.ts';
import { resolveScenarios } from '../../src/run/resolve-scenarios.ts';
import type { RunOptions } from '../../src/run/run-options.ts';
import { findScenarioRoot, listScenarios, readScenario } from '../../src/scenario/index.ts';

const root = findScenarioRoot();
const DEMO = ['shell-entrypoint', 'exec-entrypoint', 'no-probe', 'prestop-sleep'];
const NGINX = ['nginx-quit', 'nginx-sleep-quit'];
const ALL = [
  ...DEMO,
  'tini',
  'trap-forward',
  'tcp-probe',
  'short-grace',
  'keepalive',
  'dumb-init',
  'max-unavailable',
  'no-pdb',
  'startup-probe',
  ...NGINX,
];
const LOSSY = [
  'shell-entrypoint',
  'no-probe',
  'tcp-probe',
  'short-grace',
  'keepalive',
  'tini',
  'dumb-init',
  'max-unavailable',
  'nginx-quit',
];
/** Where a scenario leaves the common settings on purpose (its description says why). */
const DEPARTS: Record<string, { replicas?: number; strategy?: object; pdb?: false }> = {
  'max-unavailable': { replicas: 1, strategy: { maxSurge: 0, maxUnavailable: 1 } },
  'no-pdb': { pdb: false },
};

describe('the shipped scenario catalogue', () => {
  it('lists every scenario directory with a scenario.yaml, and not _app', async () => {
    const list = await listScenarios(root);
    expect(list.map((s) => s.name).sort()).toEqual([...ALL].sort());
    const expected = Object.fromEntries(list.map((s) => [s.name, s.expected]));
    for (const name of ['prestop-sleep', 'trap-forward', 'startup-probe', 'nginx-sleep-quit']) expect(expected[name]).toBe('lossless');
    for (const name of LOSSY) expect(expected[name]).toBe('lossy');
    expect(expected['no-pdb']).toEqual({ rollout: 'lossless', delete: 'lossless', drain: 'lossy', 'scale-down': 'lossless' });
    expect(list.find((s) => s.name === 'max-unavailable')?.disruptions).toEqual(['rollout', 'delete']);
  });

  it("no-pdb expects the verdict of the run's disruption: lossy on drain, lossless on rollout and delete", async () => {
    expect((await readScenario(root, 'no-pdb', { disruption: 'drain' })).expected).toBe('lossy');
    expect((await readScenario(root, 'no-pdb', { disruption: 'delete' })).expected).toBe('lossless');
    expect((await readScenario(root, 'no-pdb')).expected).toBe('lossless');
    const run = (disruption: RunOptions['disruption']) =>
      resolveScenarios({ scenarios: ['no-pdb', 'prestop-sleep'], provider: 'local', disruption, repeat: 1 });
    expect((await run('drain')).map((s) => [s.name, s.expected])).toEqual([
      ['no-pdb', 'lossy'],
      ['prestop-sleep', 'lossless'],
    ]);
    expect((await run('rollout')).map((s) => s.expected)).toEqual(['lossless', 'lossless']);
  });

  it.each(ALL)('%s loads, passes checkLocalSupport and stages from its own Dockerfile', async (name) => {
    const s = await readScenario(root, name);
    checkLocalSupport(s.manifests);
    expect(s.dir).toBe(join(root, name));
    expect(s.why).toBeTruthy();
    const departs = DEPARTS[name] ?? {};
    expect(s.manifests.deployment.spec.replicas).toBe(departs.replicas ?? 2);
    expect(s.manifests.deployment.spec.strategy?.rollingUpdate).toEqual(departs.strategy ?? { maxSurge: 1, maxUnavailable: 0 });
    expect(s.manifests.pdb?.spec.minAvailable).toBe(departs.pdb === false ? undefined : 1);
    const image = s.images[`zerodrop/${name}:dev`];
    expect(image.from).toBe('node:24-slim');
    expect(image.workdir).toBe('/app');
    expect(image.context).toBe(root);
    for (const copy of image.copies) for (const src of copy.sources) expect(existsSync(join(root, src))).toBe(true);
    expect(image.copies.flatMap((c) => c.sources)).toContain(NGINX.includes(name) ? 'nginx-sleep-quit/nginx.conf' : '_app/server.ts');
    const env = Object.fromEntries(
      (s.manifests.deployment.spec.template.spec.containers[0].env ?? []).map((e) => [e.name, e.value ?? e.valueFrom?.fieldRef.fieldPath]),
    );
    expect(env).toMatchObject({ HOST: 'status.podIP', POD_NAME: 'metadata.name', PORT: '8080' });
  });

  it('findScenarioRoot finds the repo catalogue from any directory inside the repo, and says when there is none', () => {
    expect(findScenarioRoot(join(root, 'prestop-sleep'))).toBe(root);
    expect(findScenarioRoot(join(root, '..', 'src', 'cli'))).toBe(root);
    expect(() => findScenarioRoot(tmpdir())).toThrow(ZerodropError);
  });

  it('builds on the offline base with a --build-arg, without forking the Dockerfile', async () => {
    const s = await readScenario(root, 'prestop-sleep', { buildArgs: { BASE: 'zerodrop/node:offline' } });
    expect(s.images['zerodrop/prestop-sleep:dev'].from).toBe('zerodrop/node:offline');
  });

  it('an unknown scenario names the scenarios dir and the known names', async () => {
    const err = await readScenario(root, 'no-such-thing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZerodropError);
    const e = err as ZerodropError;
    expect(e.file).toMatch(/scenarios$/);
    expect(e.message).toContain('unknown scenario "no-such-thing"');
    for (const name of ALL) expect(e.message).toContain(name);
    await expect(readScenario(root, '_app')).rejects.toThrow(/"_app" is not a valid name/);
    await expect(readScenario(root, '..')).rejects.toMatchObject({ field: 'scenario name', exitCode: 2 });
  });
});
