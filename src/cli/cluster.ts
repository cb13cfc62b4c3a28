import type { Command } from 'commander';
import { ExitCode, ZerodropError } from '../api/index.ts';
import {
  buildOfflineCluster,
  buildScenarioImage,
  clusterDown,
  clusterStatus,
  clusterUp,
  DEFAULT_CONFIG,
  IMAGE_TAGS,
  loadImage,
} from '../offline-cluster/index.ts';
import { withInterrupts } from './with-interrupts.ts';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/**
 * A cluster action under the interrupt wrapper. The actions take no signal: on a terminal, Ctrl-C
 * also reaches their child processes (kind, docker), which fail, and the command exits 130; a
 * signal sent to zerodrop alone lets the action finish, and the third one abandons it.
 */
function interruptible<A extends unknown[]>(
  setExit: (code: number) => void,
  fn: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args) => {
    setExit(
      await withInterrupts(async () => {
        await fn(...args);
        return ExitCode.Ok;
      }),
    );
  };
}

/** `zerodrop cluster image|up|down|status|load`: the offline kind cluster (docs/offline-kind.md). */
export function registerClusterCommand(program: Command, setExit: (code: number) => void): void {
  const cluster = program.command('cluster').description('a real 3-node kind cluster, built without a container registry');

  cluster
    .command('image')
    .description('build kind, Kubernetes, etcd, pause and the kind node image from the Go module proxy and Debian')
    .option('--offline', 'build everything locally (the only supported mode)')
    .option('--force', 'rebuild even when cached outputs are up to date')
    .action(
      interruptible(setExit, async (opts: { offline?: boolean; force?: boolean }) => {
        if (!opts.offline) {
          throw new ZerodropError('cluster image needs --offline', {
            hint: 'with a registry, kind pulls kindest/node itself; offline: zerodrop cluster image --offline',
          });
        }
        const t0 = Date.now();
        const r = await buildOfflineCluster(say, opts.force ?? false);
        for (const line of r.skipped) say(`not built: ${line}`);
        for (const [step, s] of Object.entries(r.timings)) say(`  ${step}: ${s} s`);
        say(`node image ${r.nodeImage}, app base ${r.appBaseImage}, kind ${r.kind} (${Math.round((Date.now() - t0) / 1000)} s)`);
      }),
    );

  cluster
    .command('up')
    .description('create the kind cluster from kind-config.yaml and wait until every node is Ready')
    .option('--config <file>', 'kind config', DEFAULT_CONFIG)
    .option('--image <tag>', 'node image (default: the one cluster image --offline builds)')
    .option('--retain', 'keep the node containers when creation fails')
    .action(
      interruptible(setExit, async (opts: { config: string; image?: string; retain?: boolean }) => {
        const r = await clusterUp({ configPath: opts.config, image: opts.image, retain: opts.retain, log: say });
        for (const n of r.nodes) say(`  ${n.name} ${n.ready ? 'Ready' : 'NotReady'} ${n.roles.join(',') || 'worker'} ${n.version}`);
        say(`cluster ${r.name} is up in ${r.seconds} s; KUBECONFIG=${r.kubeconfig}`);
      }),
    );

  cluster
    .command('down')
    .description('delete the kind cluster and its node containers')
    .option('--config <file>', 'kind config', DEFAULT_CONFIG)
    .action(
      interruptible(setExit, async (opts: { config: string }) => {
        const r = await clusterDown(opts.config);
        say(r.deleted ? `cluster ${r.name} deleted` : `cluster ${r.name} was not running`);
      }),
    );

  cluster
    .command('status')
    .description('show the kind cluster nodes and their readiness')
    .option('--config <file>', 'kind config', DEFAULT_CONFIG)
    .action(async (opts: { config: string }) => {
      const r = await clusterStatus(opts.config);
      if (!r.running) {
        say(`cluster ${r.name} is not running`);
        return;
      }
      for (const n of r.nodes) say(`  ${n.name} ${n.ready ? 'Ready' : 'NotReady'} ${n.roles.join(',') || 'worker'} ${n.version}`);
      say(`KUBECONFIG=${r.kubeconfig}`);
    });

  cluster
    .command('load <scenario>')
    .description('build scenarios/<scenario> on the offline Node 24 base and load it into every node')
    .option('--config <file>', 'kind config', DEFAULT_CONFIG)
    .option('--tag <tag>', 'image tag (default zerodrop/<scenario>:dev)')
    .option('--base <image>', 'base image', IMAGE_TAGS.appBase)
    .action(
      interruptible(setExit, async (scenario: string, opts: { config: string; tag?: string; base: string }) => {
        const tag = opts.tag ?? `zerodrop/${scenario}:dev`;
        await buildScenarioImage(scenario, tag, opts.base);
        say(`built ${tag} from scenarios/${scenario} on ${opts.base}`);
        await loadImage(tag, opts.config);
        say(`loaded ${tag} into the cluster`);
      }),
    );
}
