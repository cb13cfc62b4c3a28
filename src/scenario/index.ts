/** The scenario loader's public surface. */
export { findScenarioRoot } from './find-scenario-root.ts';
export { listScenarios, scenarioNames, type ScenarioSummary } from './list-scenarios.ts';
export { checkScenarioName, readScenario, type ReadScenarioOptions } from './read-scenario.ts';
export { checkLoad, type LoadSource } from '../load/index.ts';
export { LOAD_LIMITS, MIN_STREAM_RATE, MAX_PATH_LENGTH, pathProblem } from '../load/index.ts';
export { readScenarioFile, type ScenarioFile } from './read-scenario-file.ts';
export { checkExpected, describeExpected, expectedFor } from './expected-verdict.ts';
export { readManifests } from '../k8s/index.ts';
export { readManifestScenario, type ManifestScenarioOptions } from './read-manifest-scenario.ts';
export { parseDockerfile } from '../k8s/index.ts';
export { DEFAULT_LOAD } from '../load/index.ts';
export { SCENARIO_SCHEMA } from './scenario-schema.ts';
export type { Scenario } from './types.ts';
