import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CleanupStack, ExitCode, type RunOptions, run, ZerodropError } from '../../src/index.ts';
import { type FakeScript, fakeProvider } from '../run/fake-provider.ts';

/** prestop-sleep on the in-memory provider (test/run), short phases; the provider factory is an inside option the public type leaves out. */
async function options(script: FakeScript, extra: RunOptions = {}) {
  const fake = fakeProvider(script);
  const outDir = await mkdtemp(join(tmpdir(), 'zerodrop-api-'));
  const opts = {
    scenarios: ['prestop-sleep'],
    disruption: 'delete',
    outDir,
    load: { rate: 40, baselineSeconds: 0.5, recoverySeconds: 0.5 },
    createProvider: () => fake.provider,
    ...extra,
  } as RunOptions;
  return { fake, opts, outDir };
}

describe('run() through the library API', () => {
  it('returns the report it wrote to report.json, the files, and the exit code its verdicts give', async () => {
    const { opts, outDir } = await options({});
    const r = await run(opts);
    expect(r.interrupted).toBe(false);
    expect(r.error).toBeUndefined();
    expect(r.files).toContain(join(outDir, 'report.json'));
    expect(JSON.parse(await readFile(join(outDir, 'report.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(r.report)));
    const [s] = r.report!.scenarios;
    expect(r.exitCode).toBe(s.verdict === 'invalid' ? ExitCode.InvalidMeasurement : s.met ? ExitCode.Ok : ExitCode.VerdictMismatch);
    expect(r.cleanupFailures).toEqual([]);
  }, 30_000);

  it('a failed scenario run: the reports are still written, the error is in the result and its exit code is 2', async () => {
    const { opts } = await options({ settleError: new ZerodropError('pods never became ready') });
    const r = await run(opts);
    expect(r.error).toBeInstanceOf(ZerodropError);
    expect(r.error?.message).toMatch(/prestop-sleep #1: pods never became ready/);
    expect(r.exitCode).toBe(ExitCode.BadInput);
    expect(r.files.some((f) => f.endsWith('report.json'))).toBe(true);
  }, 30_000);

  it("an aborted run cleans up, returns interrupted, exit code 130 and the partial report's files; bad input throws before anything starts", async () => {
    const controller = new AbortController();
    const cleanup = new CleanupStack();
    const { fake, opts } = await options({ disruptionSettleMs: 60_000 }, { signal: controller.signal, cleanup });
    const running = run(opts);
    for (let i = 0; i < 200 && !fake.calls.includes('wait settled #2'); i++) await new Promise((res) => setTimeout(res, 50));
    controller.abort(new Error('interrupted'));
    const r = await running;
    expect(r).toMatchObject({ interrupted: true, exitCode: ExitCode.Interrupted });
    // What was measured before the abort is kept: the partial report's files are named.
    expect(r.files.some((f) => f.endsWith('report.json'))).toBe(true);
    expect(cleanup.pending()).toEqual([]);
    expect(fake.calls.at(-1)).toBe('down');

    const bad = await run({ ...opts, signal: undefined, scenarios: ['no-such-scenario'] }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ZerodropError);
    expect((bad as ZerodropError).exitCode).toBe(ExitCode.BadInput);
  }, 30_000);
});
