import { describe, expect, it } from 'vitest';
import { proofRuntime } from '../../../src/check/proof/proof-runtime.ts';
import { signalSender } from '../../../src/check/proof/signal-sender.ts';
import { type ProofContainer, startProofContainer } from '../../../src/check/proof/start-proof-container.ts';
import { IMAGE_TAGS } from '../../../src/offline-cluster/index.ts';
import { sleep, waitFor } from '../../../src/util/wait-for.ts';
import { whyNoProof } from './proof-target.ts';

const why = await whyNoProof();

/** A proof container whose PID 1 is `sh -c script` on the offline base. */
async function shell(script: string, podName: string): Promise<ProofContainer> {
  const rt = await proofRuntime();
  if ('skipped' in rt) throw new Error(rt.skipped);
  const image = { image: IMAGE_TAGS.appBase, entrypoint: [], cmd: [], exposedPorts: [] };
  return startProofContainer(rt, image, { name: 'app', image: IMAGE_TAGS.appBase, command: ['sh', '-c', script] }, podName);
}

async function exitCode(c: ProofContainer): Promise<number> {
  let code = -1;
  await waitFor(
    async () => {
      const s = await c.state();
      code = s.exitCode;
      return { done: !s.running, waiting: 'the exit' };
    },
    { what: `exit of ${c.name}`, timeoutMs: 5000, intervalMs: 50 },
  );
  return code;
}

const TRAP = 'trap "exit 7" TERM; while :; do sleep 0.1; done';
const NO_TRAP = 'while :; do sleep 0.1; done';

describe.skipIf(why !== undefined)(`SIGTERM to PID 1 of a real container${why ? ` (skipped: ${why})` : ''}`, () => {
  it('from this host (kill(2) to its pid) and through the engine alike: a TERM handler runs, a PID 1 without one drops TERM', async () => {
    const cs = await Promise.all([shell(TRAP, 'sig-host'), shell(TRAP, 'sig-engine'), shell(NO_TRAP, 'sig-none')]);
    try {
      const [host, engine, none] = cs as [ProofContainer, ProofContainer, ProofContainer];
      const pid = await host.localPid1();
      expect(pid).toBeGreaterThan(1); // the engine runs on this host
      expect(await signalSender(host, pid)('SIGTERM')).toBe('host');
      expect(await signalSender(engine, undefined)('SIGTERM')).toBe('engine');
      expect(await signalSender(none, await none.localPid1())('SIGTERM')).toBe('host');
      expect(await exitCode(host)).toBe(7);
      expect(await exitCode(engine)).toBe(7);
      await sleep(500);
      expect((await none.state()).running).toBe(true);
      await signalSender(none, await none.localPid1())('SIGKILL');
      expect(await exitCode(none)).toBe(137);
    } finally {
      await Promise.all(cs.map((c) => c.remove()));
    }
  });
});
