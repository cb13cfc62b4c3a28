import type { ClusterProvider } from '../cluster/provider.ts';
import { ZerodropError } from '../errors/zerodrop-error.ts';
import type { Scenario } from '../scenario/types.ts';
import type { LoadSettings } from '../load/plan/load-settings.ts';
import type { DisruptionKind } from '../k8s/disruption-kind.ts';
import { effectiveLoad } from './run-context.ts';

/** --dry-run: what a run would do to the cluster, per scenario; reads the cluster, changes nothing. */
export async function planRun(provider: ClusterProvider, scenarios: Scenario[], disruption: DisruptionKind, load?: Partial<LoadSettings>): Promise<string[]> {
  if (!provider.plan) {
    throw new ZerodropError(`--dry-run is not supported by the ${provider.name} provider`, { field: '--dry-run', hint: 'use --provider kubeconfig' });
  }
  const lines: string[] = [];
  for (const s of scenarios) lines.push(`# ${s.name}`, ...(await provider.plan(s, [disruption], effectiveLoad(s, load))));
  return lines;
}
