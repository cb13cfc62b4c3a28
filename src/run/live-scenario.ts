import type { ClusterProvider } from '../cluster/index.ts';
import { ZerodropError } from '../errors/index.ts';
import { DISRUPTION_KINDS, type LiveTargetRequest } from '../k8s/index.ts';
import { DEFAULT_LOAD, type LoadPlan, resolveLoadPlan } from '../load/index.ts';
import type { Scenario } from '../scenario/index.ts';
import type { RunOptions } from './run-options.ts';

/** A live target's rate when --rate is not given: gentle on a workload that serves real users. */
export const LIVE_DEFAULT_RATE = 20;

/**
 * `--target deployment/NAME -n NS` as the run's one scenario, read from the cluster once the
 * provider is up: named after the Deployment, expected lossless (what its owners want), the default
 * load at LIVE_DEFAULT_RATE req/s unless --rate says otherwise, every disruption.
 */
export async function liveScenario(
  provider: ClusterProvider,
  target: LiveTargetRequest,
  opts: Pick<RunOptions, 'load'>,
  loads: Map<string, LoadPlan>,
): Promise<Scenario> {
  if (!provider.readTarget) {
    throw new ZerodropError(`the ${provider.name} provider cannot measure a live Deployment`, {
      field: '--target',
      hint: 'use --provider kubeconfig or --provider kind',
    });
  }
  const app = await provider.readTarget(target);
  const { ref } = target;
  const scenario: Scenario = {
    ...app,
    description: `live Deployment ${ref.namespace}/${ref.name}, through Service ${app.manifests.service.metadata.name}`,
    expected: 'lossless',
    load: { ...DEFAULT_LOAD, rate: LIVE_DEFAULT_RATE },
    disruptions: [...DISRUPTION_KINDS],
  };
  loads.set(scenario.name, resolveLoadPlan(scenario.load, { file: app.file, overrides: opts.load }));
  return scenario;
}
