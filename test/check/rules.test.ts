import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CheckTarget, type Finding, manifestTarget, type Severity, scenarioTarget, staticCheck } from '../../src/check/index.ts';

/**
 * Every rule on fixture files: each fixture differs from manifests/lossless.yaml (or, for the
 * image fixtures, from an exec-form image) in one setting, and gets exactly the findings named
 * here, with evidence on the line that holds that setting.
 */
const FIXTURES = join(import.meta.dirname, 'fixtures');
const manifest = (name: string) => manifestTarget(join(FIXTURES, 'manifests', `${name}.yaml`));
const image = (name: string) => scenarioTarget(join(FIXTURES, 'images'), name);

/** fixture, loader, expected [severity, id] in output order, a text the first evidence's line holds. */
const CASES: [string, (n: string) => Promise<CheckTarget>, [Severity, string][], string?][] = [
  ['lossless', manifest, []],
  ['no-readiness-probe', manifest, [['error', 'no-readiness-probe']], '- name: app'],
  ['startup-probe-only', manifest, [['warning', 'no-readiness-probe']], '- name: app'],
  ['tcp-readiness-probe', manifest, [['warning', 'tcp-readiness-probe']], 'tcpSocket'],
  ['readiness-is-liveness', manifest, [['warning', 'readiness-is-liveness']], 'readinessProbe'],
  ['no-prestop', manifest, [['warning', 'no-prestop']], '- name: app'],
  ['prestop-no-sleep', manifest, [['warning', 'prestop-too-short']], 'nginx'],
  ['prestop-sleep-quit', manifest, []],
  ['grace-leaves-no-drain', manifest, [['warning', 'grace-leaves-no-drain']], 'terminationGracePeriodSeconds'],
  [
    'max-unavailable',
    manifest,
    [
      ['error', 'rollout-drops-capacity'],
      ['error', 'single-replica'],
    ],
    'maxUnavailable: 1',
  ],
  ['capacity-warning', manifest, [['warning', 'rollout-drops-capacity']], 'maxUnavailable: 1'],
  ['no-pdb', manifest, [['warning', 'no-pdb']], 'name: no-pdb'],
  ['pdb-blocks-eviction', manifest, [['warning', 'pdb-blocks-eviction']], 'minAvailable: 2'],
  ['loopback-host', manifest, [['error', 'fixed-bind-address']], '127.0.0.1'],
  ['bind-flag', manifest, [['error', 'fixed-bind-address']], '127.0.0.1:8000'],
  ['shell-form-command', manifest, [['error', 'shell-pid1']], 'sh", "-c"'],
  ['bash-c-command', manifest, []],
  ['tini-group-shell', manifest, [['error', 'init-shell-exits']], 'tini", "-g"'],
  ['dumb-init-app', manifest, []],
  ['shebang-no-exec', image, [['error', 'shell-pid1']], 'node server.js'],
  ['shell-form', image, [['error', 'shell-pid1']], 'CMD node server.js'],
  ['exec-args', image, []],
  ['trap-foreground', image, [['error', 'shell-pid1']], 'node server.js'],
  ['trap-function', image, []],
  ['tini-shell', image, [['error', 'tini-no-group']], 'tini'],
  ['dumb-init-shell', image, [['error', 'init-shell-exits']], 'dumb-init'],
  ['image-env-bind', image, [['error', 'fixed-bind-address']], 'HOST=127.0.0.1'],
];

function lineOfFile(file: string, line: number | undefined): string {
  expect(line, `${file} evidence has a line`).toBeTypeOf('number');
  return readFileSync(file, 'utf8').split('\n')[line! - 1];
}

describe('static rules on fixtures', () => {
  it.each(CASES)('%s', async (name, load, expected, evidenceLine) => {
    const findings = staticCheck(await load(name));
    expect(findings.map((f) => [f.severity, f.id])).toEqual(expected);
    for (const f of findings) expectComplete(f);
    if (evidenceLine !== undefined) expect(lineOfFile(findings[0].evidence[0].file, findings[0].evidence[0].line)).toContain(evidenceLine);
  });

  it('a script finding points at the script line and at the instruction that runs it', async () => {
    const [f] = staticCheck(await image('trap-foreground'));
    expect(f.evidence.map((e) => e.file)).toEqual([
      join('test/check/fixtures/images/trap-foreground/start.sh'),
      join('test/check/fixtures/images/trap-foreground/Dockerfile'),
    ]);
    expect(lineOfFile(f.evidence[1].file, f.evidence[1].line)).toBe('ENTRYPOINT ["sh", "start.sh"]');
    expect(f.title).toContain('foreground');
  });

  it('fixes name the command they would change', async () => {
    const [prestop] = staticCheck(await manifest('prestop-no-sleep'));
    expect(prestop.fix).toContain('sleep 3 && nginx -s quit');
    const [pid1] = staticCheck(await image('shebang-no-exec'));
    expect(pid1.fix).toContain('exec node server.js');
  });

  it("--image replaces the first container's image of a --manifest target, and scripts stay empty", async () => {
    const t = await manifestTarget(join(FIXTURES, 'manifests', 'no-prestop.yaml'), 'example/app:2');
    expect(t.image).toBe('example/app:2');
    expect(t.deployment.spec.template.spec.containers[0].image).toBe('example/app:2');
    expect(t.scripts).toEqual([]);
    expect(t.dockerfile).toBeUndefined();
  });
});

function expectComplete(f: Finding): void {
  expect(f.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  for (const text of [f.title, f.fix, f.mechanism]) expect(text.length).toBeGreaterThan(10);
  expect(f.mechanism).toMatch(/\.$/);
  expect(f.evidence.length).toBeGreaterThan(0);
  for (const e of f.evidence) expect(() => readFileSync(e.file)).not.toThrow();
}
