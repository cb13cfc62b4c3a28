import type { Workload } from '../cluster/index.ts';
import type { LoadTarget } from '../load/index.ts';
import { findScenarioRoot, readScenario, type Scenario } from '../scenario/index.ts';
import type { TimelineSink } from '../timeline/index.ts';
import type { RunContext } from './run-context.ts';

/** The control backend's name: its Deployment, Service and (on clusters) namespace suffix. */
export const CONTROL_NAME = 'zerodrop-control';
const SETTLE_MS = 120_000;
const quiet: TimelineSink = { emit() {} };

/**
 * The control backend (OpenShift's network-liveness backend): one pod of the catalogue's lossless
 * app (prestop-sleep's image, answering at once) behind a Service of its own, deployed once per run
 * on the run's cluster and never disrupted. Each scenario run's control stream goes to it; a failure
 * there says the harness or the network failed, not the app. Only on providers that say they can run
 * it (`controlBackend`); elsewhere a note says there is none. Returns its target, or undefined.
 */
export async function startControlBackend(ctx: RunContext, path: string): Promise<LoadTarget | undefined> {
  const provider = ctx.provider!;
  if (!provider.controlBackend) {
    ctx.notes.push(
      `No control backend on the ${provider.name} provider (it has no image to run for it): harness or network failures are not told apart.`,
    );
    return undefined;
  }
  const spec = controlScenario(await readScenario(findScenarioRoot(), 'prestop-sleep', { disruption: 'rollout' }));
  const workload: Workload = await provider.deploy(spec, quiet, ctx.opts.signal);
  ctx.cleanup.push(`remove ${CONTROL_NAME}`, () => workload.remove());
  await workload.waitSettled(SETTLE_MS, ctx.opts.signal);
  ctx.notes.push(
    `Control stream: ${CONTROL_NAME} (one pod of the catalogue's lossless app behind a Service of its own, never disrupted) got new-connection requests ` +
      'from the load process through every run; a failed control request makes the run INVALID (the harness or network failed, not the app).',
  );
  return { ...workload.target, path };
}

/** prestop-sleep's spec renamed to the control backend: one replica, no warm-up, latency, preStop hook or PodDisruptionBudget (it is never disrupted; removing it is quick). */
export function controlScenario(base: Scenario): Scenario {
  const m = structuredClone(base.manifests);
  const labels = { app: CONTROL_NAME };
  m.deployment.metadata = { ...m.deployment.metadata, name: CONTROL_NAME, labels };
  m.deployment.spec.replicas = 1;
  m.deployment.spec.selector = { matchLabels: labels };
  m.deployment.spec.template.metadata = { ...m.deployment.spec.template.metadata, labels };
  for (const c of m.deployment.spec.template.spec.containers) {
    c.lifecycle = undefined;
    c.env = (c.env ?? []).map((e) => (e.name === 'WARMUP_MS' || e.name === 'LATENCY_MS' ? { name: e.name, value: '0' } : e));
  }
  m.service.metadata = { ...m.service.metadata, name: CONTROL_NAME };
  m.service.spec.selector = labels;
  m.pdb = undefined;
  return { ...base, name: CONTROL_NAME, manifests: m, description: 'control backend', expected: 'lossless' };
}
