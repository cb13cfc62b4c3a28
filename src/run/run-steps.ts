import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ClusterProvider } from '../cluster/index.ts';
import { createProvider } from '../cluster/index.ts';
import { ZerodropError } from '../errors/index.ts';
import { runPool } from '../util/index.ts';
import { startControlBackend } from './control-backend.ts';
import { liveScenario } from './live-scenario.ts';
import { planRun } from './plan-run.ts';
import { resolveScenarios } from './resolve-scenarios.ts';
import type { RunContext } from './run-context.ts';
import { loadPlanOf } from './run-context.ts';
import { runScenarioOnce, type ScenarioRunOutput } from './scenario-run.ts';
import { writeReports } from './write-reports.ts';

export interface RunStep {
  name: string;
  run(ctx: RunContext): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** The run, as an explicit list of steps. Cleanup (LIFO) runs after them, on success, failure or interrupt. */
export const RUN_STEPS: RunStep[] = [
  {
    // The provider object is made first (nothing starts): it says which scenarios it can run.
    name: 'load scenarios',
    async run(ctx) {
      ctx.provider = makeProvider(ctx);
      ctx.scenarios = await resolveScenarios(ctx.opts, ctx.provider, ctx.loads);
    },
  },
  {
    // Before anything starts, so an unwritable --out fails at once; after the input checks, so bad input writes nothing.
    name: 'prepare report directory',
    run: (ctx) => prepareOutDir(ctx.outDir),
  },
  {
    name: 'start provider',
    async run(ctx) {
      const provider = ctx.provider!;
      ctx.cleanup.push(`stop provider ${provider.name}`, () => provider.down());
      await provider.up(ctx.opts.signal);
      ctx.notes.push(...provider.notes());
    },
  },
  {
    // --target deployment/NAME: the live Deployment becomes the run's one scenario (reads only).
    name: 'read target',
    async run(ctx) {
      if (!ctx.opts.target) return;
      ctx.scenarios = [await liveScenario(ctx.provider!, ctx.opts.target, ctx.opts, ctx.loads)];
    },
  },
  {
    // Once per run, before any scenario: a backend no disruption touches, for the control stream.
    name: 'start control backend',
    async run(ctx) {
      if (ctx.opts.providerOptions?.dryRun) return;
      ctx.control = await startControlBackend(ctx, '/');
    },
  },
  {
    name: 'run scenarios',
    async run(ctx) {
      const provider = ctx.provider!;
      if (ctx.opts.providerOptions?.dryRun) {
        ctx.plan = await planRun(provider, ctx.scenarios, ctx.opts.disruption, ctx);
        return;
      }
      const parallel = ctx.opts.parallel ?? provider.defaultParallelism?.(ctx.scenarios.length) ?? 1;
      const failures: string[] = [];
      await runPool(ctx.scenarios, Math.max(1, parallel), async (scenario) => {
        const outputs: ScenarioRunOutput[] = [];
        ctx.outputs.set(scenario.name, outputs);
        for (let i = 1; i <= ctx.opts.repeat; i++) {
          if (ctx.opts.signal?.aborted) return;
          let partial: ScenarioRunOutput | undefined;
          try {
            outputs.push(
              await runScenarioOnce({
                onMeasuring: (o) => {
                  partial = o;
                },
                provider,
                scenario,
                iteration: i,
                load: loadPlanOf(ctx, scenario.name),
                disruption: ctx.opts.disruption,
                scaleBy: ctx.opts.scaleBy,
                loadFrom: ctx.opts.loadFrom,
                control: ctx.control,
                dir: join(ctx.outDir, scenario.name, `${ctx.opts.disruption}-${i}`),
                timeoutMs: ctx.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
                settleTimeoutMs: ctx.opts.settleTimeoutMs,
                cleanup: ctx.cleanup,
                signal: ctx.opts.signal,
                onProgress: ctx.opts.onProgress,
              }),
            );
          } catch (err) {
            if (partial) {
              outputs.push(partial);
              ctx.notes.push(`${scenario.name} #${i} stopped early: its report covers the requests measured until then`);
            }
            if (ctx.opts.signal?.aborted) throw err;
            const message = err instanceof ZerodropError ? err.oneLine() : (err as Error).message;
            failures.push(`${scenario.name} #${i}: ${message}`);
            ctx.notes.push(`run failed: ${scenario.name} #${i}: ${message}`);
            return;
          }
        }
      });
      if (failures.length) {
        ctx.failed = new ZerodropError(`${failures.length} scenario run(s) failed: ${failures.join('; ')}`, {
          hint: `measured data kept in ${ctx.outDir}`,
        });
      }
    },
  },
  { name: 'write reports', run: (ctx) => (ctx.plan ? Promise.resolve() : writeReports(ctx)) },
];

/** The provider for the run's options (made, not started). */
function makeProvider(ctx: RunContext): ClusterProvider {
  return (ctx.opts.createProvider ?? createProvider)(ctx.opts.provider, {
    ...ctx.opts.providerOptions,
    run: ctx.runId,
    loadFrom: ctx.opts.loadFrom,
    disruption: ctx.opts.disruption,
    // A drain only meets a PodDisruptionBudget when the replicas share the drained node.
    colocate: ctx.opts.providerOptions?.colocate ?? ctx.opts.disruption === 'drain',
    log: (message) => ctx.opts.onProgress?.({ type: 'step', message }),
    workdir: join(ctx.outDir, '.runtime'),
  });
}

/**
 * Creates the report directory and checks that it is writable; one line naming --out otherwise. Creates
 * the missing levels one at a time: mkdir({ recursive: true }) never returns under /proc.
 */
async function prepareOutDir(dir: string): Promise<void> {
  try {
    const missing: string[] = [];
    for (
      let d = resolve(dir);
      !(await stat(d).then(
        () => true,
        () => false,
      ));
      d = dirname(d)
    )
      missing.unshift(d);
    for (const d of missing) await mkdir(d);
    const probe = join(dir, `.zerodrop-write-test-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new ZerodropError(`cannot write reports to ${dir}: ${e.code ?? e.message}`, {
      field: '--out',
      hint: 'pass a writable directory',
      cause: err,
    });
  }
}

export function defaultOutDir(runId: string): string {
  return resolve('reports', runId);
}
