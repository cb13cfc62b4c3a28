import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalProvider } from '../../../src/cluster/providers/local/local-provider.ts';
import type { ZerodropError } from '../../../src/errors/zerodrop-error.ts';
import type { Container } from '../../../src/k8s/manifest-types.ts';
import { findScenarioRoot, readScenario } from '../../../src/scenario/index.ts';
import type { Scenario } from '../../../src/scenario/types.ts';
import { displayPath } from '../../../src/util/index.ts';

/**
 * Pods that can never become ready make the settle wait fail within seconds, naming the pod and the
 * reason, instead of waiting out the settle timeout (60 s here). Real pod processes and sockets.
 */
const SETTLE_TIMEOUT_MS = 60_000;
let base: Scenario;
const provider = new LocalProvider();

beforeAll(async () => {
  base = await readScenario(findScenarioRoot(), 'prestop-sleep');
  await provider.up();
}, 60_000);
afterAll(() => provider.down());

function variant(change: (c: Container, s: Scenario) => void): Scenario {
  const s = structuredClone(base);
  change(s.manifests.deployment.spec.template.spec.containers[0]!, s);
  return s;
}

/** Deploys, waits to settle (at most `timeoutMs`), and returns the error and how long it took to come. */
async function settleError(
  s: Scenario,
  timeoutMs = SETTLE_TIMEOUT_MS,
): Promise<{ message: string; seconds: number; file?: string; field?: string }> {
  const t0 = Date.now();
  const events: string[] = [];
  let message = 'settled';
  let where: { file?: string; field?: string } = {};
  try {
    const w = await provider.deploy(s, { emit: (e) => events.push(e.kind) });
    try {
      await w.waitSettled(timeoutMs);
    } finally {
      await w.remove();
    }
  } catch (err) {
    message = (err as Error).message;
    where = { file: (err as ZerodropError).file, field: (err as ZerodropError).field };
  }
  return { message, seconds: (Date.now() - t0) / 1000, ...where };
}

describe('waits as Kubernetes does for pods that are not ready yet (embedded runtime)', () => {
  it('an app that binds its port after 20 s becomes ready: not being ready yet is progress', async () => {
    const r = await settleError(
      variant((c) => {
        c.command = ['sh', '-c', 'echo loading the model; sleep 20; exec node server.ts'];
      }),
    );
    expect(r.message).toBe('settled');
    expect(r.seconds).toBeGreaterThanOrEqual(20);
  }, 90_000);

  it("a readiness port that never opens ends at the settle timeout, naming the pods, the probe and the app's last lines", async () => {
    const r = await settleError(
      variant((c) => {
        c.readinessProbe = { tcpSocket: { port: 9999 }, periodSeconds: 1 };
      }),
      12_000,
    );
    expect(r.message).toMatch(/^waiting for the workload to settle: still .* after 12 s/);
    expect(r.message).toMatch(
      /pod prestop-sleep-\w+-\w+ not ready after 1\d s \(readiness probe TCP port 9999: connection refused\), last output "[^"]*listening on/,
    );
    expect(r.seconds).toBeGreaterThanOrEqual(12);
    expect(r.seconds).toBeLessThan(20);
  }, 30_000);
});

describe('fail fast on pods that can never become ready (embedded runtime)', () => {
  it('a Service targetPort nothing serves', async () => {
    const r = await settleError(
      variant((_c, s) => {
        s.manifests.service.spec.ports[0]!.targetPort = 9999;
      }),
    );
    expect(r.message).toMatch(/pod prestop-sleep-\w+-\w+: Service targetPort 9999: connection refused on port 9999/);
    expect(r.seconds).toBeLessThan(20);
  }, 30_000);

  it('a container whose start script exits 1, with its exit code and last output', async () => {
    const r = await settleError(
      variant((c) => {
        c.command = ['sh', '-c', 'echo starting; echo "config missing" >&2; exit 1'];
      }),
    );
    expect(r.message).toMatch(/pod prestop-sleep-\w+-\w+: container app exited with code 1 at start/);
    expect(r.message).toContain('config missing');
    expect(r.seconds).toBeLessThan(10);
    // The manifest's command chose what runs: the error names it (issue 16).
    expect(r.file).toBe(displayPath(base.manifests.file));
    expect(r.field).toBe('Deployment/prestop-sleep: spec.template.spec.containers[0].command');
  }, 30_000);

  it('an image whose ENTRYPOINT exits at once names the Dockerfile and the command it runs (issue 16)', async () => {
    const r = await settleError(
      variant((c, s) => {
        s.images[c.image]!.entrypoint = ['sh', '-c', 'exit 3'];
      }),
    );
    expect(r.message).toMatch(
      /pod prestop-sleep-\w+-\w+: container app exited with code 3 at start \(2 times, never ready\), running "sh -c exit 3"/,
    );
    expect(r.file).toBe(displayPath(base.images['zerodrop/prestop-sleep:dev']!.dockerfile));
    expect(r.field).toBe('ENTRYPOINT');
    expect(r.seconds).toBeLessThan(10);
  }, 30_000);

  it('a missing script', async () => {
    const r = await settleError(
      variant((c) => {
        c.command = ['node', 'no-such-script.js'];
      }),
    );
    expect(r.message).toMatch(/pod prestop-sleep-\w+-\w+: container app exited with code 1 at start/);
    expect(r.message).toMatch(/Cannot find module|no-such-script/);
    expect(r.seconds).toBeLessThan(10);
  }, 30_000);

  it('a workingDir that does not exist', async () => {
    const r = await settleError(
      variant((c) => {
        c.workingDir = '/no/such/dir';
      }),
    );
    expect(r.message).toMatch(/pod prestop-sleep-\w+-\w+/);
    expect(r.message).toMatch(/\/no\/such\/dir|exited with code/);
    expect(r.seconds).toBeLessThan(10);
  }, 30_000);

  it('two containers with the same name, and a probe naming a port that does not exist, are refused before any pod starts', async () => {
    const dup = await settleError(
      variant((c, s) => {
        s.manifests.deployment.spec.template.spec.containers.push(structuredClone(c));
      }),
    );
    expect(dup.message).toBe('Duplicate value: "app"');
    expect(dup.seconds).toBeLessThan(2);
    const named = await settleError(
      variant((c) => {
        c.readinessProbe = { httpGet: { path: '/readyz', port: 'metrics' }, periodSeconds: 1 };
      }),
    );
    expect(named.message).toBe('port "metrics" names no port of container app (named ports: http)');
  }, 30_000);
});
