import type { Container } from '../../k8s/index.ts';
import { waitFor } from '../../util/index.ts';
import type { ProofLine } from '../types.ts';
import { describeGet, describeProbe, type GetOutcome, getOnce, probeOnce, served } from './probe-once.ts';
import type { ProofContainer } from './start-proof-container.ts';

export const READINESS_TIMEOUT_MS = 20_000;
/** How long one GET of `/` may take: slow apps answer in seconds (the load's own timeout is of that order). */
const GET_TIMEOUT_MS = 10_000;
const secs = (ms: number) => (ms / 1000).toFixed(1);

export interface Readiness {
  line: ProofLine;
  served: boolean;
  exitCode?: number;
}

/**
 * From container start, every ~100 ms: one look of the readiness probe and one GET of `/` (fresh
 * connections), until `/` answers 2xx, the container exits or READINESS_TIMEOUT_MS pass. Proves
 * `readiness-before-serving` when `/` still failed in a look after the probe had passed (not
 * before initialDelaySeconds).
 */
export async function measureReadiness(c: ProofContainer, spec: Container, port: number, signal?: AbortSignal): Promise<Readiness> {
  const probe = spec.readinessProbe;
  const delayMs = (probe?.initialDelaySeconds ?? 0) * 1000;
  let probePassedAt: number | undefined;
  let passedWhileFailing = false;
  let lastFail: GetOutcome | undefined;
  let root: GetOutcome | undefined;
  let exitCode: number | undefined;
  await waitFor(
    async () => {
      const [r, p] = await Promise.all([getOnce(c, port, '/', GET_TIMEOUT_MS), probe ? probeOnce(probe, c, spec) : Promise.resolve(false)]);
      root = r;
      // Only a GET sent after the probe had passed (a later look) proves the probe premature: within
      // one look the two race at the app's warm-up boundary.
      const passedBefore = probePassedAt !== undefined;
      const passed = p && r.at - c.startedAt >= delayMs;
      if (passed) probePassedAt ??= r.at;
      if (served(r)) return { done: true };
      lastFail = r;
      if (passedBefore) passedWhileFailing = true;
      const s = 'error' in r ? await c.state() : undefined;
      if (s && !s.running) exitCode = s.exitCode;
      return { done: exitCode !== undefined, waiting: `/ to answer 2xx (it ${describeGet(r)})` };
    },
    { what: 'readiness', timeoutMs: READINESS_TIMEOUT_MS + delayMs, intervalMs: 100, signal },
  ).catch((err: unknown) => {
    if (signal?.aborted) throw err;
  });
  const servedAt = served(root) ? root!.at : undefined;
  // One more look when / serves but the probe has not passed yet: a probe that never passes stalls the rollout.
  if (probe && servedAt !== undefined && probePassedAt === undefined && (await probeOnce(probe, c, spec))) probePassedAt = Date.now();
  const t = (at: number | undefined) => (at === undefined ? null : Number(secs(at - c.startedAt)));
  const details = {
    probe: probe ? describeProbe(probe) : null,
    probePassedS: t(probePassedAt),
    servedS: t(servedAt),
    lastFailure: lastFail ? describeGet(lastFail) : null,
    exitCode: exitCode ?? null,
  };
  const make = (ok: boolean, line: string, finding?: string): Readiness => ({
    served: servedAt !== undefined,
    exitCode,
    line: { check: 'readiness', ok, line: `readiness: ${line}`, details, ...(finding ? { finding } : {}) },
  });
  const failing = lastFail ? `/ ${describeGet(lastFail)}` : '';
  if (exitCode !== undefined)
    return make(false, `the container exited ${exitCode} ${secs(Date.now() - c.startedAt)} s after start, before / served`);
  if (servedAt === undefined) {
    const why = `/ did not answer 2xx within ${secs(READINESS_TIMEOUT_MS + delayMs)} s (it ${describeGet(lastFail!)})`;
    if (probe && passedWhileFailing)
      return make(false, `probe passed ${secs(probePassedAt! - c.startedAt)} s after start, ${why}`, 'readiness-before-serving');
    return make(false, why);
  }
  if (!probe) {
    if (!lastFail) return make(true, `no readiness probe; / answered 2xx from the first look (${secs(servedAt - c.startedAt)} s)`);
    return make(false, `no readiness probe; ${failing} until ${secs(servedAt - c.startedAt)} s`, 'no-readiness-probe');
  }
  if (passedWhileFailing) {
    return make(
      false,
      `probe passed ${secs(probePassedAt! - c.startedAt)} s after start, ${failing} until ${secs(servedAt - c.startedAt)} s`,
      'readiness-before-serving',
    );
  }
  if (probePassedAt === undefined)
    return make(
      false,
      `/ served at ${secs(servedAt - c.startedAt)} s but the probe (${describeProbe(probe)}) still fails: the pod never turns Ready`,
    );
  return make(true, `probe failed until / served (${secs(servedAt - c.startedAt)} s)`);
}
