import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runProof } from '../../../src/check/proof/index.ts';
import type { ProofLine, ProofReport } from '../../../src/check/types.ts';
import { buildScenarioImage, IMAGE_TAGS, imageExists } from '../../../src/offline-cluster/index.ts';
import { runCommand, succeeds } from '../../../src/util/run-command.ts';
import { ownProofContainers, scenarioTarget, whyNoProof } from './proof-target.ts';

const why = await whyNoProof();
const line = (r: ProofReport, check: ProofLine['check']): ProofLine => r.results.find((x) => x.check === check)!;
const untilS = (l: string) => Number(/until (\d+\.\d) s/.exec(l)?.[1]);

// The scenario app answers / and /readyz with 503 for WARMUP_MS=5000 after it starts.
describe.skipIf(why !== undefined)(`readiness proof on real containers${why ? ` (skipped: ${why})` : ''}`, () => {
  it('no-probe: without a readiness probe, / answers 503 for the first ~5 s', async () => {
    const r = await runProof(await scenarioTarget('no-probe'));
    const l = line(r, 'readiness');
    expect(l.line).toMatch(/^readiness: no readiness probe; \/ answered 503 until \d+\.\d s$/);
    expect(l).toMatchObject({ ok: false, finding: 'no-readiness-probe' });
    expect(untilS(l.line)).toBeGreaterThanOrEqual(4.5);
    expect(line(r, 'sigterm')).toMatchObject({ ok: true, details: { exitCode: 0 } });
    expect(await ownProofContainers()).toEqual([]);
  });

  it('tcp-probe (as --image): the TCP probe passes as soon as node listens, while / still answers 503', async () => {
    await buildScenarioImage('tcp-probe', 'zerodrop/tcp-probe:dev', IMAGE_TAGS.appBase);
    const r = await runProof(await scenarioTarget('tcp-probe', 'zerodrop/tcp-probe:dev'));
    expect(r.image).toBe('zerodrop/tcp-probe:dev');
    const l = line(r, 'readiness');
    expect(l.line).toMatch(/^readiness: probe passed \d+\.\d s after start, \/ answered 503 until \d+\.\d s$/);
    expect(l).toMatchObject({ ok: false, finding: 'readiness-before-serving', details: { probe: 'tcpSocket :8080' } });
    expect(l.details.probePassedS as number).toBeLessThan(2);
    expect(untilS(l.line)).toBeGreaterThanOrEqual(4.5);
    expect(await ownProofContainers()).toEqual([]);
  });

  it('an --image the engine does not have is skipped with one line, never pulled', async () => {
    const image = 'zerodrop/no-such-image:proof';
    const r = await runProof(await scenarioTarget('prestop-sleep', image));
    expect(r).toEqual({
      skipped: `image ${image} is not in the local Docker engine (the proof never pulls): build or pull it first`,
      results: [],
    });
    expect(await imageExists(image)).toBe(false);
  });
});

describe.runIf(why !== undefined)('proof without Docker or the offline base', () => {
  it(`skips with one line saying why (${why})`, async () => {
    const r = await runProof(await scenarioTarget('prestop-sleep'));
    expect(r.results).toEqual([]);
    expect(r.skipped).toMatch(
      /^(no Docker engine answers .*: proof skipped, static rules only|offline base image \S+ missing: run npm run cluster:image)$/,
    );
  });
});

// As root, a mount namespace whose /var/run/docker.sock is /dev/null: a machine without a Docker engine.
const HIDE_DOCKER = 'mount --bind /dev/null /var/run/docker.sock && exec "$0" "$@"';
const canHideDocker = process.getuid?.() === 0 && (await succeeds('unshare', ['-m', 'sh', '-c', HIDE_DOCKER, 'true']));

describe.skipIf(!canHideDocker)(
  `proof where no Docker engine answers${canHideDocker ? '' : ' (skipped: needs root and unshare -m)'}`,
  () => {
    it('is skipped with one line saying why, and nothing is built or started', async () => {
      const fixture = fileURLToPath(new URL('./fixtures/proof-report.ts', import.meta.url));
      const env = { ...process.env, DOCKER_HOST: undefined, TESTCONTAINERS_HOST_OVERRIDE: undefined };
      const { stdout } = await runCommand('unshare', ['-m', 'sh', '-c', HIDE_DOCKER, process.execPath, fixture, 'prestop-sleep'], { env });
      const r = JSON.parse(stdout) as ProofReport;
      expect(r.results).toEqual([]);
      expect(r.skipped).toMatch(/^no Docker engine answers \(.+\): proof skipped, static rules only$/);
    });
  },
);
