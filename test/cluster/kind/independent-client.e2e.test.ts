/**
 * On the real kind cluster: zerodrop's two streams against a client written in the test that
 * shares no code with it (kept-alive pool and a new connection per request, 50/s each), through
 * the same NodePort during the same exec-entrypoint rollout; failures agree within ±25 %. Runs only with ZERODROP_KIND_E2E=1 and a cluster from `zerodrop cluster up`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KindProvider } from '../../../src/cluster/providers/kind/kind-provider.ts';
import { clusterExists, readClusterSpec } from '../../../src/offline-cluster/cluster-lifecycle.ts';
import { dockerAnswers } from '../../../src/offline-cluster/docker-setup.ts';
import { describeFigures, disagreement, figures, MIN_FAILURES } from '../../support/agreement.ts';
import { measureBoth } from '../../support/cross-check.ts';
import { lost } from '../../support/independent-client.ts';

const spec = await readClusterSpec();
let reason = '';
if (process.env.ZERODROP_KIND_E2E !== '1') reason = 'set ZERODROP_KIND_E2E=1 to run (about two minutes)';
else if (!(await dockerAnswers())) reason = 'no Docker daemon answers';
else if (!(await clusterExists(spec.name).catch(() => false))) reason = `no kind cluster "${spec.name}" is running (zerodrop cluster up)`;

describe.skipIf(reason)(
  `zerodrop agrees with an independent client on kind, on both streams${reason ? ` (skipped: ${reason})` : ''}`,
  () => {
    const provider = new KindProvider({ run: `indep-${Date.now().toString(36)}`, create: false });
    let exec: Awaited<ReturnType<typeof measureBoth>>;
    beforeAll(async () => {
      await provider.up();
      exec = await measureBoth(provider, 'exec-entrypoint');
    }, 300_000);
    afterAll(async () => {
      await provider.down();
    });

    it('exec-entrypoint: both clients count failures on each stream within ±25 % (where both see enough)', () => {
      const fs = figures(exec);
      console.log(describeFigures('kind exec-entrypoint', fs));
      const nc = fs.find((f) => f.stream === 'new-connection')!;
      expect(nc.independent.failed).toBeGreaterThanOrEqual(MIN_FAILURES);
      expect(nc.zerodrop.failed).toBeGreaterThanOrEqual(MIN_FAILURES);
      for (const f of fs) {
        expect(disagreement(f.zerodrop.failed, f.independent.failed), f.stream).toBe('');
        expect([f.zerodrop.baselineFailed, f.independent.baselineFailed], `${f.stream}: baseline failures`).toEqual([0, 0]);
      }
      // What a new connection meets is mostly a refusal or an unanswered SYN, not resets made up by
      // a proxy. A few resets are real: a connection that completed its handshake into the accept
      // queue of a listener the app then closes is reset by the kernel (1 of 45 lost in one run).
      const zdNc = exec.run.streams.find((s) => s.name === 'new-connection')!.phases[1];
      expect(zdNc.refused + zdNc.timeout).toBeGreaterThan(0);
      expect(zdNc.reset).toBeLessThanOrEqual(Math.max(1, Math.floor(0.1 * (zdNc.refused + zdNc.timeout + zdNc.reset))));
      const indepNc = exec.samples.filter((s) => s.stream === 'new-connection' && s.t < exec.run.boundaries.end && lost(s));
      const resets = indepNc.filter((s) => s.kind === 'reset').length;
      expect(resets, JSON.stringify(indepNc.map((s) => s.kind))).toBeLessThanOrEqual(Math.max(1, Math.floor(0.1 * indepNc.length)));
    });
  },
);
