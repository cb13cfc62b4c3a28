import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { proofRuntime } from '../../../src/check/proof/proof-runtime.ts';
import {
  type ContainerLister,
  PROOF_LABEL,
  PROOF_OWNER_LABEL,
  sweepDeadProofContainers,
} from '../../../src/check/proof/remove-proof-containers.ts';
import { startProofContainer } from '../../../src/check/proof/start-proof-container.ts';
import { IMAGE_TAGS } from '../../../src/offline-cluster/index.ts';
import { hostOwnerMarker } from '../../../src/util/process-identity.ts';
import { runCommand } from '../../../src/util/run-command.ts';
import { runCli } from '../../cli/run-cli.ts';
import { ownProofContainers, whyNoProof } from './proof-target.ts';

/** An engine's container list, in memory: what the sweep asks for and what it removes. */
function fakeEngine(containers: { Id: string; Names: string[]; Labels: Record<string, string> }[]) {
  const asked: unknown[] = [];
  const removed: string[] = [];
  const docker: ContainerLister = {
    listContainers: async (opts) => {
      asked.push(opts);
      return containers.filter((c) => opts.filters.label.every((l) => l in c.Labels));
    },
    getContainer: (id) => ({
      remove: async () => {
        if (id === 'gone') throw Object.assign(new Error('no such container'), { statusCode: 404 });
        removed.push(id);
      },
    }),
  };
  return { docker, asked, removed };
}

describe('the sweep of proof containers, by label', () => {
  it('removes only containers of dead zerodrop processes on this host, stopped ones too, and says which', async () => {
    const dead = `${hostname()}/999999999:1`; // no such pid
    const e = fakeEngine([
      { Id: 'a', Names: ['/zerodrop-proof-x-1'], Labels: { [PROOF_LABEL]: '1', [PROOF_OWNER_LABEL]: dead } },
      { Id: 'b', Names: ['/zerodrop-proof-x-2'], Labels: { [PROOF_LABEL]: '2', [PROOF_OWNER_LABEL]: hostOwnerMarker() } },
      { Id: 'c', Names: ['/zerodrop-proof-x-3'], Labels: { [PROOF_LABEL]: '3', [PROOF_OWNER_LABEL]: 'other-host/1:1' } },
      { Id: 'gone', Names: ['/zerodrop-proof-x-4'], Labels: { [PROOF_LABEL]: '4', [PROOF_OWNER_LABEL]: dead } },
      { Id: 'd', Names: ['/not-a-proof'], Labels: { [PROOF_OWNER_LABEL]: dead } },
    ]);
    expect(await sweepDeadProofContainers(e.docker)).toEqual(['zerodrop-proof-x-1']);
    expect(e.removed).toEqual(['a']);
    expect(e.asked).toEqual([{ all: true, filters: { label: [PROOF_LABEL] } }]);
  });
});

const why = await whyNoProof();

describe.skipIf(why !== undefined)(`the sweep in the local Docker engine${why ? ` (skipped: ${why})` : ''}`, () => {
  it('zerodrop cleanup removes the proof container a killed zerodrop process left and names it, never one of a live process', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/leave-proof-container.ts', import.meta.url));
    const child = spawn(process.execPath, [fixture], { stdio: ['ignore', 'pipe', 'inherit'] });
    const name = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /started (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`fixture exited ${code} before starting its container`)));
    });
    const rt = await proofRuntime();
    if ('skipped' in rt) throw new Error(rt.skipped);
    const live = await startProofContainer(
      rt,
      { image: IMAGE_TAGS.appBase, entrypoint: [], cmd: [], exposedPorts: [] },
      { name: 'app', image: IMAGE_TAGS.appBase, command: ['sleep', '600'] },
      'sweep-live',
    );
    try {
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGKILL');
      });
      const r = await runCli(['cleanup', '--no-kind']);
      expect(r.code, r.stderr).toBe(0);
      const left = await runCommand('docker', ['ps', '-a', '--filter', `name=${name}`, '--format', '{{.Names}}']);
      expect(left.stdout.trim()).toBe('');
      // Named, unless a proof starting in a parallel test file swept it first (each proof sweeps on start).
      if (!r.stdout.includes('nothing to clean up')) expect(r.stdout).toContain(`removed proof container ${name}\n`);
      expect(r.stdout).not.toContain(live.name);
      expect(await ownProofContainers()).toEqual([live.name]);
    } finally {
      await live.remove();
    }
    expect(await ownProofContainers()).toEqual([]);
  });
});
