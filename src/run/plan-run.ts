import type { ClusterProvider } from '../cluster/index.ts';
import { ZerodropError } from '../errors/index.ts';
import type { DisruptionKind } from '../k8s/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { loadPlanOf, type RunContext } from './run-context.ts';

/** --dry-run: what a run would do to the cluster, per scenario; reads the cluster, changes nothing. */
export async function planRun(
  provider: ClusterProvider,
  scenarios: Scenario[],
  disruption: DisruptionKind,
  ctx: Pick<RunContext, 'loads'>,
): Promise<string[]> {
  if (!provider.plan) {
    throw new ZerodropError(`--dry-run is not supported by the ${provider.name} provider`, {
      field: '--dry-run',
      hint: 'use --provider kubeconfig',
    });
  }
  const lines: string[] = [];
  for (const s of scenarios) lines.push(`# ${s.name}`, ...(await provider.plan(s, [disruption], loadPlanOf(ctx, s.name))));
  return lines;
}
