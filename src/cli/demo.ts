import type { Command } from 'commander';
import { checkFlags } from './check-flags.ts';
import { addLoadFlags, type LoadFlagValues, localProviderOptions, runtimeOptions } from './load-flags.ts';
import { runAndReport } from './run-and-report.ts';

/** The lossy vs lossless comparison shown by `zerodrop demo`. */
export const DEMO_SCENARIOS = ['shell-entrypoint', 'exec-entrypoint', 'no-probe', 'prestop-sleep'];

/** `zerodrop demo`: `run` of the demo scenarios on the embedded runtime (one library run, interrupts as for run). */
export function registerDemoCommand(program: Command, setExit: (code: number) => void): void {
  const cmd = program.command('demo').description(`lossy vs lossless rollouts on the embedded runtime: ${DEMO_SCENARIOS.join(', ')}`);
  addLoadFlags(cmd).action(async (flags: LoadFlagValues) => {
    checkFlags(flags);
    setExit(
      await runAndReport({
        scenarios: DEMO_SCENARIOS,
        provider: 'local',
        disruption: 'rollout',
        ...runtimeOptions(flags),
        providerOptions: localProviderOptions(flags),
        banner: 'zerodrop demo: four Deployments that differ in one termination setting, rolled out under load',
      }),
    );
  });
}
