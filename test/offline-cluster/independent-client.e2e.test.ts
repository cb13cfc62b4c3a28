/**
 * On the real kind cluster: zerodrop's new-connection stream against a node:http client written
 * here (a new connection per request, 50/s), through the same NodePort during the same
 * exec-entrypoint rollout. Runs only with ZERODROP_KIND_E2E=1 and a cluster from `zerodrop cluster up`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterExists, readClusterSpec } from '../../src/offline-cluster/cluster-lifecycle.ts';
import { dockerAnswers } from '../../src/offline-cluster/docker-setup.ts';
import { KindProvider } from '../../src/cluster/providers/kind/kind-provider.ts';
import { classify } from '../../src/metrics/classify.ts';
import { disruptionRatios, failedIn, measureBoth } from '../support/cross-check.ts';

const spec = await readClusterSpec();
let reason = '';
if (process.env.ZERODROP_KIND_E2E !== '1') reason = 'set ZERODROP_KIND_E2E=1 to run (about two minutes)';
else if (!(await dockerAnswers())) reason = 'no Docker daemon answers';
else if (!(await clusterExists(spec.name).catch(() => false))) reason = `no kind cluster "${spec.name}" is running (zerodrop cluster up)`;

describe.skipIf(reason)(`zerodrop agrees with an independent node:http client on kind${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const provider = new KindProvider({ run: `indep-${Date.now().toString(36)}`, create: false });
  let exec: Awaited<ReturnType<typeof measureBoth>>;
  beforeAll(async () => {
    await provider.up();
    exec = await measureBoth(provider, 'exec-entrypoint');
  }, 300_000);
  afterAll(async () => {
    await provider.down();
  });

  it('exec-entrypoint: both see new connections refused or timing out in the disruption, at comparable ratios', () => {
    const r = disruptionRatios(exec);
    const b = exec.run.boundaries;
    const indep = failedIn(exec.samples, b.disruption, b.recovery);
    console.log(
      `kind exec-entrypoint disruption: zerodrop new-connection ${r.zdFailed} failed (${(r.zdRatio * 100).toFixed(1)} %), independent ${r.indepFailed} failed (${(r.indepRatio * 100).toFixed(1)} %)`,
    );
    expect(r.indepFailed).toBeGreaterThan(0);
    expect(r.zdFailed).toBeGreaterThan(0);
    expect(r.zdRatio).toBeGreaterThan(r.indepRatio / 2.5);
    expect(r.zdRatio).toBeLessThan(r.indepRatio * 2.5);
    // what a new connection meets is a refusal or an unanswered SYN, never a reset made up by a proxy
    const nc = exec.run.streams.find((s) => s.name === 'new-connection')!.phases[1];
    expect(nc.refused + nc.timeout).toBeGreaterThan(0);
    expect(new Set(indep.map((s) => classify(s.code)))).not.toContain('reset');
  });
});
