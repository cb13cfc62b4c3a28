import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CODES } from '../../src/load/codes.ts';
import { AgentStream } from '../../src/load/remote/agent-stream.ts';
import { estimateOffset } from '../../src/load/remote/clock-offset.ts';
import { type LoaderRun, mergeLoaderLogs, totalStreams } from '../../src/load/remote/merge-loaders.ts';
import { readAllRequests, readRequestLogHeader } from '../../src/load/request-log.ts';
import { generateAgentLog, type PodClock, podTime, rng } from './remote-fixtures.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zd-merge-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const T0 = 1.75e12;
const streams = [
  { name: 'keep-alive' as const, rate: 60 },
  { name: 'new-connection' as const, rate: 30 },
];

/** One simulated pod end to end: generated log, read through an AgentStream (lines lost where `lose` says), raw file, clock probes. */
async function pod(
  loader: number,
  clock: PodClock,
  seed: number,
  o: { lose?: (i: number) => boolean; done?: boolean; stop?: number } = {},
) {
  const log = await generateAgentLog({ loader, streams, start: T0, stop: o.stop ?? T0 + 6000, clock, seed, done: o.done });
  let raw = '';
  const s = new AgentStream({
    lines: (b) => {
      raw += b;
    },
  });
  log.lines.forEach((l, i) => {
    if (!o.lose?.(i)) s.push(`${l}\n`);
  });
  const rawFile = join(dir, `${loader}.ndjson`);
  await writeFile(rawFile, raw);
  const rand = rng(seed);
  const probe = (at: number) =>
    estimateOffset(
      [0, 1, 2].map((k) => {
        const sentAt = at + k * 10;
        const up = 0.3 + rand() * 3;
        return { sentAt, podTime: podTime(clock, sentAt + up), receivedAt: sentAt + up + 0.3 + rand() * 3 };
      }),
    );
  const run: LoaderRun = {
    name: `load-${loader}`,
    node: `node-${loader}`,
    streams,
    restarts: 0,
    rawFile,
    clock: { start: probe(T0 - 50), end: probe(T0 + 6010) },
    startAt: T0,
    stopAt: T0 + 6000,
  };
  return { log, run };
}

describe('merging load pods into one request log', () => {
  it("writes every pod's records on the harness clock, the total being the sum of the pods'", async () => {
    const pods = [
      await pod(0, { offsetMs: 0, driftPpm: 0, t0: T0 }, 1),
      await pod(1, { offsetMs: -3500.25, driftPpm: 80, t0: T0 }, 2),
      await pod(2, { offsetMs: 12_000, driftPpm: -150, t0: T0 }, 3),
    ];
    const out = join(dir, 'requests.ndjson');
    const infos = await mergeLoaderLogs(
      out,
      pods.map((p) => p.run),
      T0,
    );
    const header = await readRequestLogHeader(out);
    expect(header.streams).toEqual(totalStreams(pods.map((p) => p.run)));
    expect(header.streams).toEqual([
      { name: 'keep-alive', rate: 180 },
      { name: 'new-connection', rate: 90 },
    ]);
    expect(header.loaders?.map((l) => [l.name, l.node])).toEqual(pods.map((p) => [p.run.name, p.run.node]));
    const records = await readAllRequests(out);
    expect(records.length).toBe(infos.reduce((n, i) => n + i.received + i.missing, 0));
    for (const [k, p] of pods.entries()) {
      expect(infos[k]).toMatchObject({ received: p.log.truth.length, missing: 0, slotsFrom: 'agent' });
      const mine = records.filter((r) => r.loader === k);
      expect(mine).toHaveLength(p.log.truth.length);
      const bound = Math.max(p.run.clock.start!.uncertaintyMs, p.run.clock.end!.uncertaintyMs) + 0.1;
      mine.forEach((r, i) => expect(Math.abs(r.t - p.log.truth[i].t)).toBeLessThanOrEqual(bound));
    }
  });

  it("counts a pod's lost lines as MISSING slots, where its schedule has the hole", async () => {
    // Lines 200-299 of pod 1 never arrive (its log lost them).
    const lossy = await pod(1, { offsetMs: 40, driftPpm: 0, t0: T0 }, 4, { lose: (i) => i >= 200 && i < 300 });
    const out = join(dir, 'requests.ndjson');
    const [info] = await mergeLoaderLogs(out, [lossy.run], T0);
    expect(info.slotsFrom).toBe('agent');
    expect(info.received).toBe(lossy.log.truth.length - 100);
    expect(info.missing).toBe(100);
    const missing = (await readAllRequests(out)).filter((r) => r.code === CODES.missing);
    expect(missing).toHaveLength(100);
    // The slots of lost lines 200-299 (records 198-297: two control lines come first) were sent between these times.
    const lost = lossy.log.truth.slice(198, 298).map((t) => t.t);
    for (const r of missing) {
      expect(r.t).toBeGreaterThanOrEqual(Math.min(...lost) - 100);
      expect(r.t).toBeLessThanOrEqual(Math.max(...lost) + 100);
    }
  });

  it("gives a pod that never reported its end the schedule's slots, and counts what it did not send", async () => {
    // The agent died 2 s into a 6 s load: no done line; the harness stopped at 6 s.
    const dead = await pod(0, { offsetMs: 0, driftPpm: 0, t0: T0 }, 5, { done: false, stop: T0 + 2000 });
    const [info] = await mergeLoaderLogs(join(dir, 'requests.ndjson'), [dead.run], T0);
    expect(info.slotsFrom).toBe('schedule');
    // 6 s of schedule from the pod's own (aligned) start: a start within the clock's uncertainty of T0 may cost each stream its last slot.
    const scheduled = streams.reduce((n, s) => n + Math.floor((6000 * s.rate) / 1000) + 1, 0);
    expect(info.received + info.missing).toBeLessThanOrEqual(scheduled);
    expect(info.received + info.missing).toBeGreaterThanOrEqual(scheduled - streams.length);
    expect(Object.values(info.slots).reduce((n, v) => n + (v ?? 0), 0)).toBe(info.received + info.missing);
    expect(info.received).toBe(dead.log.truth.length);
    const missing = (await readAllRequests(join(dir, 'requests.ndjson'))).filter((r) => r.code === CODES.missing);
    expect(Math.min(...missing.map((r) => r.t))).toBeGreaterThan(T0 + 1900);
  });
});
