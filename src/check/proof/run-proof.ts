import type { CheckTarget, ProofLine, ProofReport } from '../types.ts';
import { measurePid1 } from './measure-pid1.ts';
import { measureReadiness, type Readiness } from './measure-readiness.ts';
import { measureSigterm } from './measure-sigterm.ts';
import { proofImage } from './proof-image.ts';
import { proofRuntime } from './proof-runtime.ts';
import { sweepDeadProofContainers } from './remove-proof-containers.ts';
import { sigtermLine } from './sigterm-line.ts';
import { proofPorts, startProofContainer } from './start-proof-container.ts';

export interface ProofOptions {
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/**
 * The proof run of `zerodrop check`: runs the target's image in the local Docker engine through
 * testcontainers (offline: never pulled, no reaper, no helper image) with the Deployment's first
 * container's settings, and measures what the kubelet would do to it: PID 1, readiness while
 * the app starts, and SIGTERM with a request in flight. Skips with one line when there is no
 * Docker engine or no image; removes its container in any case (and those dead runs left).
 */
export async function runProof(target: CheckTarget, opts: ProofOptions = {}): Promise<ProofReport> {
  const log = opts.log ?? (() => undefined);
  const rt = await proofRuntime();
  if ('skipped' in rt) return { skipped: rt.skipped, results: [] };
  for (const n of await sweepDeadProofContainers(rt.client.container.dockerode))
    log(`proof: removed ${n}, left by a dead zerodrop process`);
  const podSpec = target.deployment.spec.template.spec;
  const spec = podSpec.containers[0];
  if (!spec) return { skipped: 'the Deployment has no container to run', results: [] };
  const img = await proofImage(target, rt, log);
  if ('skipped' in img) return { skipped: img.skipped, results: [] };
  opts.signal?.throwIfAborted();
  const podName = `${target.deployment.metadata.name}-proof`;
  const port = proofPorts(spec, img)[0];
  log(`proof: starting ${img.image} as ${podName}`);
  const c = await startProofContainer(rt, img, spec, podName);
  try {
    const readiness: Readiness =
      port === undefined
        ? {
            served: false,
            line: {
              check: 'readiness',
              ok: false,
              line: 'readiness: not measured: the container declares and exposes no port',
              details: {},
            },
          }
        : await measureReadiness(c, spec, port, opts.signal);
    const { pid1, line } = await measurePid1(c, img, spec);
    let sigterm: ProofLine;
    if (readiness.exitCode !== undefined) {
      sigterm = {
        check: 'sigterm',
        ok: false,
        line: `SIGTERM: not sent: the container had exited ${readiness.exitCode}`,
        details: { exitCode: readiness.exitCode },
      };
    } else {
      const graceS = podSpec.terminationGracePeriodSeconds ?? 30;
      sigterm = sigtermLine(await measureSigterm(c, spec, { port, served: readiness.served, graceS, signal: opts.signal, log }), pid1);
    }
    return { image: img.image, results: [line, readiness.line, sigterm] };
  } finally {
    await c.remove();
  }
}
