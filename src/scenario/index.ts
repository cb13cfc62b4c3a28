/** The scenario loader's public surface. */

export { parseDockerfile, readManifests } from '../k8s/index.ts';
export { checkLoad, DEFAULT_LOAD, LOAD_LIMITS, type LoadSource, MAX_PATH_LENGTH, MIN_STREAM_RATE, pathProblem } from '../load/index.ts';
export { checkExpected, describeExpected, expectedFor } from './expected-verdict.ts';
export { findScenarioRoot } from './find-scenario-root.ts';
export { listScenarios, type ScenarioSummary, scenarioNames } from './list-scenarios.ts';
export { type ManifestScenarioOptions, readManifestScenario } from './read-manifest-scenario.ts';
export { checkScenarioName, type ReadScenarioOptions, readScenario } from './read-scenario.ts';
export { readScenarioFile, type ScenarioFile } from './read-scenario-file.ts';
export { SCENARIO_SCHEMA } from './scenario-schema.ts';
export type { Scenario } from './types.ts';
