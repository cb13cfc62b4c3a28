import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProviderOptions } from '../../src/cluster/create-provider.ts';
import { ZerodropError } from '../../src/errors/zerodrop-error.ts';
import { CleanupStack } from '../../src/run/cleanup-stack.ts';
import { executeRun, partialFiles } from '../../src/run/execute-run.ts';
import type { RunOptions } from '../../src/run/run-options.ts';
import { type FakeScript, fakeProvider } from './fake-provider.ts';

/** A run of prestop-sleep (from the real catalogue) on the in-memory provider, with short phases. */
async function options(script: FakeScript, extra: Partial<RunOptions> = {}) {
  const fake = fakeProvider(script);
  const outDir = await mkdtemp(join(tmpdir(), 'zerodrop-run-'));
  const opts: RunOptions = {
    scenarios: ['prestop-sleep'],
    provider: 'local',
    disruption: 'delete',
    repeat: 1,
    outDir,
    load: { rate: 40, baselineSeconds: 0.5, recoverySeconds: 0.5 },
    createProvider: () => fake.provider,
    ...extra,
  };
  return { fake, opts, outDir };
}

describe('executeRun on an in-memory provider', () => {
  it('runs the steps in order and cleans up last-in-first-out', async () => {
    const { fake, opts, outDir } = await options({});
    const { ctx, cleanupFailures } = await executeRun(opts);
    expect(cleanupFailures).toEqual([]);
    expect(fake.calls).toEqual([
      'up',
      'deploy prestop-sleep',
      'wait settled #1',
      'delete p1',
      'wait settled #2',
      'remove prestop-sleep',
      'down',
    ]);
    expect(ctx.report?.scenarios[0]?.name).toBe('prestop-sleep');
    expect(ctx.files).toContain(join(outDir, 'report.json'));
    expect(fake.openServers()).toBe(0);
  }, 30_000);

  it('on a failed scenario run still removes the workload, then stops the provider, and says which run failed', async () => {
    const { fake, opts } = await options({ settleError: new ZerodropError('pods never became ready') });
    const { ctx } = await executeRun(opts);
    expect(ctx.failed?.message).toBe('1 scenario run(s) failed: prestop-sleep #1: pods never became ready');
    expect(fake.calls.slice(-2)).toEqual(['remove prestop-sleep', 'down']);
    expect(fake.openServers()).toBe(0);
  }, 30_000);

  it("when interrupted during the disruption's wait: stops at once, cleans up, and keeps a partial report", async () => {
    const controller = new AbortController();
    const cleanup = new CleanupStack();
    const { fake, opts, outDir } = await options({ disruptionSettleMs: 60_000 }, { signal: controller.signal, cleanup });
    const run = executeRun(opts);
    for (let i = 0; i < 200 && !fake.calls.includes('wait settled #2'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(cleanup.pending()).toEqual(expect.arrayContaining(['remove prestop-sleep', 'stop provider local']));
    const t0 = Date.now();
    controller.abort(new Error('interrupted'));
    const err = await run.catch((e: unknown) => e);
    expect(err).toMatchObject({ message: 'interrupted' });
    expect(partialFiles(err)).toContain(join(outDir, 'report.json'));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(fake.calls.slice(-2)).toEqual(['remove prestop-sleep', 'down']);
    expect(cleanup.pending()).toEqual([]);
    const report = JSON.parse(await readFile(join(outDir, 'report.json'), 'utf8')) as { notes: string[]; scenarios: { verdict: string }[] };
    expect(report.notes.join(' ')).toMatch(/stopped early/);
    expect(report.scenarios[0]?.verdict).toBe('invalid');
  }, 30_000);

  it('fails at once with one line naming --out when the report directory cannot be written', async () => {
    const { fake, opts } = await options({}, { outDir: '/proc/zerodrop-test/out' });
    const t0 = Date.now();
    const err = await executeRun(opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZerodropError);
    expect((err as ZerodropError).oneLine()).toMatch(/^--out: cannot write reports to \/proc\/zerodrop-test\/out: \w+/);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(fake.calls).toEqual([]); // nothing was started
    expect(existsSync('/proc/zerodrop-test')).toBe(false);
  });

  it('hands the provider options to the provider factory whole, adding run id, scratch dir and drain colocation', async () => {
    const seen: { name: string; opts: ProviderOptions }[] = [];
    const fake = fakeProvider({});
    const { opts } = await options(
      {},
      {
        disruption: 'drain',
        providerOptions: { nodes: 3, propagationDelayMs: 7, serviceMode: 'userspace', kubeconfig: '/k', target: 'h:1' },
        createProvider: (name, o) => {
          seen.push({ name, opts: o });
          return fake.provider;
        },
      },
    );
    const { ctx } = await executeRun(opts);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.name).toBe('local');
    expect(seen[0]?.opts).toMatchObject({
      nodes: 3,
      propagationDelayMs: 7,
      serviceMode: 'userspace',
      kubeconfig: '/k',
      target: 'h:1',
      colocate: true,
      run: ctx.runId,
    });
    expect(seen[0]?.opts.workdir).toMatch(/\.runtime$/);
  }, 30_000);

  it('leaves colocation off for rollouts unless asked', async () => {
    const seen: ProviderOptions[] = [];
    const fake = fakeProvider({});
    const { opts } = await options(
      {},
      {
        disruption: 'rollout',
        createProvider: (_n, o) => {
          seen.push(o);
          return fake.provider;
        },
      },
    );
    await executeRun(opts);
    expect(seen[0]?.colocate).toBe(false);
  }, 30_000);
});
