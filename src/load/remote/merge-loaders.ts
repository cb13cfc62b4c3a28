import { createReadStream } from 'node:fs';
import { CODES } from '../codes.ts';
import { eventLine } from '../connection-event.ts';
import { openRequestLog } from '../request-log.ts';
import type { RequestRecord, StreamName, StreamPlan } from '../types.ts';
import { AgentStream } from './agent-stream.ts';
import { ClockAlignment, type ClockEstimate } from './clock-offset.ts';
import type { LoaderInfo } from './loader-info.ts';
import { SlotHistogram, scheduledSlots } from './missing-slots.ts';

/** One load pod at the end of the run: what it was, what it wrote (the raw file), when it was told to start and stop. */
export interface LoaderRun {
  name: string;
  node: string;
  streams: StreamPlan[];
  restarts: number;
  /** Its log lines as read (AgentStream's `lines`: no duplicates, no timestamps). */
  rawFile: string;
  clock: { start?: ClockEstimate; end?: ClockEstimate };
  /** Harness clock: when the load was asked to start and to stop (undefined: it never was). */
  startAt?: number;
  stopAt: number;
}

/**
 * A raw file read back through an AgentStream (the one reader of agent lines): its boots, and
 * its records (pod clock) one at a time when `each` is given. A cut last line is skipped.
 */
async function readRaw(file: string, each?: (r: RequestRecord) => void): Promise<AgentStream> {
  const stream = new AgentStream({ record: each });
  for await (const chunk of createReadStream(file, 'utf8')) stream.push(chunk as string);
  return stream;
}

/** The record lines of a raw file (records, and connection events as their lines) in batches (one per chunk read), pod clock. */
async function* rawRecords(file: string): AsyncGenerator<RequestRecord[]> {
  let batch: RequestRecord[] = [];
  const stream = new AgentStream({ record: (r) => batch.push(r), event: (e) => batch.push(eventLine(e)) });
  for await (const chunk of createReadStream(file, 'utf8')) {
    stream.push(chunk as string);
    yield batch;
    batch = [];
  }
}

interface Tally {
  info: LoaderInfo;
  align: ClockAlignment;
  missing: RequestRecord[];
}

/** Pass one: per stream the slots given (the agent's count, else the schedule), received, and the missing slots' times. */
async function tally(run: LoaderRun, index: number): Promise<Tally> {
  const align = new ClockAlignment(run.clock.start, run.clock.end);
  const started = (await readRaw(run.rawFile)).boots.filter((b) => b.started !== undefined);
  const exact = started.length === 1 && started[0].done ? started[0].done : undefined;
  const from = started[0]?.started !== undefined ? align.toHarness(started[0].started) : (run.startAt ?? run.stopAt);
  const to = exact ? align.toHarness(exact.done) : run.stopAt;
  const hist = new Map<StreamName, SlotHistogram>(run.streams.map((s) => [s.name, new SlotHistogram(from, to)]));
  const received = new Map<StreamName, number>();
  await readRaw(run.rawFile, (r) => {
    received.set(r.stream, (received.get(r.stream) ?? 0) + 1);
    hist.get(r.stream)?.add(align.toHarness(r.t));
  });
  const slots: Partial<Record<StreamName, number>> = {};
  const missing: RequestRecord[] = [];
  for (const s of run.streams) {
    const given = exact ? (exact.slots[s.name] ?? 0) : run.startAt === undefined ? 0 : scheduledSlots(from, to, s.rate);
    slots[s.name] = given;
    const lost = Math.max(0, given - (received.get(s.name) ?? 0));
    for (const t of hist.get(s.name)!.place(lost, s.rate)) {
      missing.push({ t, ms: 0, code: CODES.missing, pod: '', conn: 0, fresh: false, stream: s.name, loader: index });
    }
  }
  const total = [...received.values()].reduce((a, b) => a + b, 0);
  return {
    align,
    missing,
    info: {
      name: run.name,
      node: run.node,
      streams: run.streams.map((s) => ({ ...s })),
      slots,
      slotsFrom: exact ? 'agent' : 'schedule',
      received: total,
      missing: missing.length,
      restarts: run.restarts,
      clock: { ...run.clock },
    },
  };
}

/** Every stream's rate summed over the load pods: the run's total schedule. */
export function totalStreams(runs: readonly { streams: readonly StreamPlan[] }[]): StreamPlan[] {
  const sum = new Map<StreamName, number>();
  for (const r of runs) for (const s of r.streams) sum.set(s.name, (sum.get(s.name) ?? 0) + s.rate);
  return [...sum].map(([name, rate]) => ({ name, rate: Math.round(rate * 1000) / 1000 }));
}

/**
 * Writes the run's request log from the load pods' raw logs: every record on the harness's clock
 * with its `loader` index, then each pod's missing slots as MISSING records; the header lists the
 * pods (LoaderInfo). The log holds exactly the sum of the pods' records (received + missing),
 * and their connection events.
 */
export async function mergeLoaderLogs(path: string, runs: readonly LoaderRun[], epoch: number): Promise<LoaderInfo[]> {
  const tallies: Tally[] = [];
  for (const [i, run] of runs.entries()) tallies.push(await tally(run, i));
  const infos = tallies.map((t) => t.info);
  const log = openRequestLog(path, totalStreams(runs), epoch, infos);
  try {
    for (const [i, run] of runs.entries()) {
      const { align, missing } = tallies[i];
      for await (const batch of rawRecords(run.rawFile)) for (const r of batch) log.write({ ...r, t: align.toHarness(r.t), loader: i });
      for (const r of missing) log.write(r);
    }
  } finally {
    await log.close();
  }
  return infos;
}
