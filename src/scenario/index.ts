/** The scenario loader's public surface. */
export { findScenarioRoot } from './find-scenario-root.ts';
export { listScenarios, scenarioNames, type ScenarioSummary } from './list-scenarios.ts';
export { checkScenarioName, loadScenario, type LoadScenarioOptions } from './load-scenario.ts';
export { checkLoad, type LoadSource } from './check-load.ts';
export { LOAD_LIMITS, MIN_STREAM_RATE, MAX_PATH_LENGTH, pathProblem } from './load-limits.ts';
export { loadScenarioFile, type ScenarioFile } from './load-scenario-file.ts';
export { checkExpected, describeExpected, expectedFor } from './expected-verdict.ts';
export { loadManifests } from './load-manifests.ts';
export { loadManifestScenario, type ManifestScenarioOptions } from './load-manifest-scenario.ts';
export { parseDockerfile } from './parse-dockerfile.ts';
export { DEFAULT_LOAD } from './default-load.ts';
export { SCENARIO_SCHEMA } from './scenario-schema.ts';
