import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ZerodropError } from '../errors/index.ts';
import type { DisruptionKind } from '../k8s/index.ts';
import { displayPath, fsReason } from '../util/index.ts';
import { readScenarioFile } from './read-scenario-file.ts';
import type { ExpectedSpec } from './types.ts';

export interface ScenarioSummary {
  name: string;
  description: string;
  /** As scenario.yaml says it: one verdict, or one per disruption. */
  expected: ExpectedSpec;
  disruptions: DisruptionKind[];
}

/** Names of the scenario directories under `root`: those holding a scenario.yaml (`_app` is not one). */
export async function scenarioNames(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch((err: unknown) => {
    throw new ZerodropError(`cannot list the scenario directory: ${fsReason(err)}`, { file: displayPath(root), cause: err });
  });
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('_') && !e.name.startsWith('.'))
    .filter((e) => existsSync(join(root, e.name, 'scenario.yaml')))
    .map((e) => e.name)
    .sort();
}

/** The scenario catalogue, sorted by name; a broken scenario.yaml is a ZerodropError naming it. */
export async function listScenarios(root: string): Promise<ScenarioSummary[]> {
  const names = await scenarioNames(root);
  return names.map((name) => {
    const { description, expected, disruptions } = readScenarioFile(join(root, name, 'scenario.yaml'));
    return { name, description, expected, disruptions };
  });
}
