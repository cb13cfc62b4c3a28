import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScenarioReport } from '../metrics/index.ts';
import { buildReportModel, buildScenarioReport } from '../metrics/index.ts';
import { fileReporters } from '../report/index.ts';
import { VERSION } from '../version.ts';
import type { RunContext } from './run-context.ts';

/** Builds the report model from the records on disk and writes every file reporter's output. */
export async function writeReports(ctx: RunContext): Promise<void> {
  const scenarios: ScenarioReport[] = [];
  for (const scenario of ctx.scenarios) {
    const outputs = ctx.outputs.get(scenario.name) ?? [];
    if (!outputs.length) continue;
    scenarios.push(
      await buildScenarioReport(
        {
          name: scenario.name,
          description: scenario.description,
          why: scenario.why,
          disruption: ctx.opts.disruption,
          expected: scenario.expected,
          thresholds: scenario.thresholds,
          runs: outputs.map((o) => ({
            iteration: o.iteration,
            requestsFile: o.requestsFile,
            timelineFile: o.timelineFile,
            timeline: o.timeline.events(),
          })),
        },
        ctx.outDir,
      ),
    );
  }
  const load = ctx.scenarios[0] ? ctx.loads.get(ctx.scenarios[0].name) : undefined;
  ctx.report = buildReportModel(
    {
      runId: ctx.runId,
      provider: ctx.opts.provider,
      emulated: ctx.provider?.emulated ?? false,
      toolVersion: VERSION,
      startedAt: ctx.startedAt,
      finishedAt: new Date(),
      notes: [...new Set(ctx.notes)],
      load: {
        rate: load?.settings.rate ?? 0,
        maxConnections: load?.maxConnections ?? 0,
        timeoutMs: load?.timeoutMs ?? 0,
        streams: load?.streams ?? [],
        pool: load?.pool,
      },
    },
    scenarios,
  );
  if (ctx.opts.compare) ctx.report.comparison = ctx.opts.compare(ctx.report, join(ctx.outDir, 'report.json'));
  for (const reporter of fileReporters()) {
    const file = join(ctx.outDir, reporter.fileName!);
    await writeFile(file, reporter.render(ctx.report));
    ctx.files.push(file);
  }
  ctx.opts.onProgress?.({ type: 'report', report: ctx.report });
}
