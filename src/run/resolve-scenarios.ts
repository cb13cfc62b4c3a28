import type { ClusterProvider } from '../cluster/index.ts';
import { ZerodropError } from '../errors/index.ts';
import { type LoadPlan, resolveLoadPlan } from '../load/index.ts';
import { readThresholdsFile } from '../metrics/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { checkScenarioName, findScenarioRoot, listScenarios, readManifestScenario, readScenario } from '../scenario/index.ts';
import { displayPath } from '../util/index.ts';
import { readYamlDocument } from '../yaml/index.ts';
import type { RunOptions } from './run-options.ts';

/**
 * The scenarios a run executes: the named ones (or every one that supports the disruption),
 * plus bring-your-own manifests. Fails fast, before anything is deployed, on any bad input:
 * names are checked before any path is built from them, and each scenario's load settings as
 * merged with the flags are checked as a whole (and their load plans go into `loads`, by
 * scenario name); `provider` rejects what it cannot run.
 */
export async function resolveScenarios(
  opts: RunOptions,
  provider?: Pick<ClusterProvider, 'checkScenario'>,
  loads = new Map<string, LoadPlan>(),
): Promise<Scenario[]> {
  if (opts.target) {
    // A live target is read once the provider is up (run step 'read target'); nothing else runs beside it.
    if (opts.scenarios.length || opts.manifests?.length)
      throw new ZerodropError('measures one live Deployment; name no scenario or --manifest beside it', { field: '--target' });
    return [];
  }
  const root = opts.scenarioRoot ?? findScenarioRoot();
  for (const name of opts.scenarios) checkScenarioName(name, root);
  let names = opts.scenarios;
  if (!names.length && !opts.manifests?.length) {
    names = (await listScenarios(root)).filter((s) => s.disruptions.includes(opts.disruption)).map((s) => s.name);
  }
  const scenarios: Scenario[] = [];
  for (const name of new Set(names)) {
    const scenario = await readScenario(root, name, { disruption: opts.disruption });
    if (!scenario.disruptions.includes(opts.disruption)) {
      throw new ZerodropError(`scenario ${name} does not support the ${opts.disruption} disruption`, {
        file: scenario.file,
        field: 'disruptions',
        hint: `it supports: ${scenario.disruptions.join(', ')}`,
      });
    }
    scenarios.push(scenario);
  }
  for (const file of opts.manifests ?? []) scenarios.push(await readManifestScenario(file, { image: opts.image }));
  if (opts.thresholdsFile) {
    const extra = readThresholdsFile(opts.thresholdsFile, (f) => readYamlDocument(f));
    for (const s of scenarios)
      s.thresholds = [
        ...(s.thresholds ?? []),
        ...extra.map((t) => ({ ...t, source: `${displayPath(opts.thresholdsFile!)}: ${t.source}` })),
      ];
  }
  const seen = new Set<string>();
  for (const s of scenarios) {
    if (seen.has(s.name)) throw new ZerodropError(`two scenarios are named ${s.name}`, { file: s.file, field: 'metadata.name' });
    seen.add(s.name);
    loads.set(s.name, resolveLoadPlan(s.load, { file: displayPath(s.file), overrides: opts.load }));
    provider?.checkScenario?.(s);
  }
  if (!scenarios.length) throw new ZerodropError(`no scenario supports the ${opts.disruption} disruption`, { file: root });
  return scenarios;
}
