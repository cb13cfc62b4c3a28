import { afterEach, describe, expect, it } from 'vitest';
import { runProof } from '../../../src/check/proof/index.ts';
import type { ProofLine, ProofReport } from '../../../src/check/types.ts';
import { ownProofContainers, scenarioTarget, whyNoProof } from './proof-target.ts';

const why = await whyNoProof();
const lines: string[] = [];
const line = (r: ProofReport, check: ProofLine['check']): ProofLine => r.results.find((x) => x.check === check)!;

async function prove(name: string): Promise<ProofReport> {
  const r = await runProof(await scenarioTarget(name), { log: (l) => lines.push(l) });
  expect(r.skipped).toBeUndefined();
  expect(r.image).toBe(`zerodrop/${name}:dev`);
  return r;
}

// Each proof runs the scenario's image in the local Docker engine (preStop sleep 3 s, grace 5 s, / takes 50 ms).
describe.skipIf(why !== undefined)(`SIGTERM proof on real containers${why ? ` (skipped: ${why})` : ''}`, () => {
  afterEach(async () => {
    expect(await ownProofContainers()).toEqual([]); // removed in the proof's finally
  });

  it('shell-entrypoint: the shell as PID 1 drops SIGTERM and is SIGKILLed at the 5 s deadline', async () => {
    const r = await prove('shell-entrypoint');
    expect(line(r, 'pid1').line).toBe('PID 1: sh start.sh');
    const s = line(r, 'sigterm');
    expect(s.line).toMatch(
      /^SIGTERM ignored: still running at the 5 s deadline, SIGKILL \(PID 1 is sh start\.sh\); in-flight request answered; listener open until SIGKILL/,
    );
    expect(s).toMatchObject({
      ok: false,
      finding: 'shell-pid1',
      details: { killed: true, exitCode: 137, deadlineS: 5, inFlightStatus: 200 },
    });
    // SIGTERM went out after the 3 s preStop sleep; SIGKILL at the 5 s deadline, ~2 s later.
    expect(s.details.exitAfterS).toBeGreaterThanOrEqual(1.8);
    expect(s.details.exitAfterS).toBeLessThan(3);
    expect(lines).toContain('proof: PID 1 still runs at the 5 s deadline: SIGKILL');
  });

  it('prestop-sleep: node as PID 1 drains, exits 0 on its own, the in-flight request is answered', async () => {
    const r = await prove('prestop-sleep');
    expect(line(r, 'pid1').line).toBe('PID 1: node server.ts');
    expect(line(r, 'readiness')).toMatchObject({
      ok: true,
      line: expect.stringMatching(/^readiness: probe failed until \/ served \(\d+\.\d s\)$/),
    });
    const s = line(r, 'sigterm');
    expect(s.line).toMatch(
      /^SIGTERM: exited 0 after \d+\.\d s, in-flight request answered; listener closed before exit; idle kept-alive connection closed \d+\.\d s after SIGTERM; preStop sleep 3 s first$/,
    );
    expect(s).toMatchObject({
      ok: true,
      details: { killed: false, exitCode: 0, inFlightStatus: 200, listener: 'closed', keptAlive: 'closed' },
    });
    expect(s.details.exitAfterS).toBeLessThan(1);
  });

  it('trap-forward: the shell stays PID 1 but forwards SIGTERM: clean exit 0, in-flight request answered', async () => {
    const r = await prove('trap-forward');
    expect(line(r, 'pid1').line).toBe('PID 1: sh start.sh');
    const s = line(r, 'sigterm');
    expect(s.line).toMatch(/^SIGTERM: exited 0 after \d+\.\d s, in-flight request answered; listener closed before exit/);
    expect(s).toMatchObject({ ok: true, details: { killed: false, exitCode: 0, inFlightStatus: 200 } });
    expect(s.details.exitAfterS).toBeLessThan(1);
  });

  it('tini: tini without -g exits at once with the shell, node dies with it, the in-flight request is reset', async () => {
    const r = await prove('tini');
    expect(line(r, 'pid1').line).toBe('PID 1: tini -- sh start.sh');
    const s = line(r, 'sigterm');
    expect(s.line).toMatch(/^SIGTERM: exited 143 after \d+\.\d s, in-flight request reset \(PID 1 is tini -- sh start\.sh\)/);
    expect(s).toMatchObject({ ok: false, finding: 'tini-no-group', details: { killed: false, exitCode: 143, inFlight: 'reset' } });
    expect(s.details.exitAfterS).toBeLessThan(1);
  });

  it('keepalive: node drains but never closes its idle kept-alive connection, so it lingers until SIGKILL', async () => {
    const s = line(await prove('keepalive'), 'sigterm');
    expect(s.line).toMatch(
      /^SIGTERM: still draining at the 5 s deadline, SIGKILL \(PID 1 is node server\.ts\); in-flight request answered; listener closed before exit; idle kept-alive connection left open until SIGKILL/,
    );
    expect(s).toMatchObject({
      ok: false,
      finding: 'keepalive-not-closed',
      details: { killed: true, exitCode: 137, listener: 'closed', keptAlive: 'open' },
    });
  });

  it('short-grace: node drains, but its 6 s request is still running at the deadline and is cut off', async () => {
    const s = line(await prove('short-grace'), 'sigterm');
    expect(s.line).toMatch(
      /^SIGTERM: still draining at the 5 s deadline, SIGKILL \(PID 1 is node server\.ts\); in-flight request reset; listener closed before exit; idle kept-alive connection closed/,
    );
    expect(s).toMatchObject({
      ok: false,
      finding: 'grace-exceeded',
      details: { killed: true, exitCode: 137, inFlight: 'reset', keptAlive: 'closed' },
    });
  });
});
