/**
 * Clock alignment of a load pod with the harness (NTP's method, one hop): the harness notes its
 * clock when it asks (`sentAt`) and when the answer arrives (`receivedAt`); the pod's clock was
 * read somewhere in between. Taking the midpoint as that moment, offset = podTime - midpoint,
 * and the error is at most half the round trip. Of several probes the one with the shortest
 * round trip bounds the offset tightest.
 */
export interface ClockSample {
  /** Harness clock (epoch ms) when the probe left. */
  sentAt: number;
  /** Pod clock (epoch ms) in its answer. */
  podTime: number;
  /** Harness clock when the answer arrived. */
  receivedAt: number;
}

export interface ClockEstimate {
  /** Pod clock minus harness clock, ms. */
  offsetMs: number;
  /** The offset is within ± this (half the round trip of the probe used), ms. */
  uncertaintyMs: number;
  /** Harness time of the estimate (the probe's midpoint), epoch ms. */
  at: number;
}

const round = (v: number) => Math.round(v * 100) / 100;

/** The estimate from the sample with the shortest round trip; undefined without a usable sample. */
export function estimateOffset(samples: readonly ClockSample[]): ClockEstimate | undefined {
  let best: ClockSample | undefined;
  for (const s of samples) {
    if (!(s.receivedAt >= s.sentAt) || !Number.isFinite(s.podTime)) continue;
    if (!best || s.receivedAt - s.sentAt < best.receivedAt - best.sentAt) best = s;
  }
  if (!best) return undefined;
  const mid = (best.sentAt + best.receivedAt) / 2;
  return { offsetMs: round(best.podTime - mid), uncertaintyMs: round((best.receivedAt - best.sentAt) / 2), at: mid };
}

/**
 * Maps a pod's clock onto the harness's timeline: the offset is interpolated linearly between the
 * estimate taken before the load started and the one taken before it stopped (a drifting clock),
 * held constant outside them and when only one exists; with none, times pass unchanged.
 */
export class ClockAlignment {
  readonly start: ClockEstimate | undefined;
  readonly end: ClockEstimate | undefined;

  constructor(start: ClockEstimate | undefined, end: ClockEstimate | undefined) {
    this.start = start;
    this.end = end;
  }

  /** Bound on the error of an aligned time, ms (the larger of the two estimates' uncertainties; Infinity with none). */
  get uncertaintyMs(): number {
    const u = [this.start, this.end].filter((e): e is ClockEstimate => !!e).map((e) => e.uncertaintyMs);
    return u.length ? Math.max(...u) : Infinity;
  }

  /** Offset at pod time `podT`. */
  offsetAt(podT: number): number {
    const a = this.start ?? this.end;
    const b = this.end ?? this.start;
    if (!a || !b) return 0;
    const pa = a.at + a.offsetMs;
    const pb = b.at + b.offsetMs;
    if (pb <= pa || podT <= pa) return a.offsetMs;
    if (podT >= pb) return b.offsetMs;
    return a.offsetMs + ((b.offsetMs - a.offsetMs) * (podT - pa)) / (pb - pa);
  }

  /** A pod-clock time on the harness's clock. */
  toHarness(podT: number): number {
    return podT - this.offsetAt(podT);
  }

  /** A harness-clock time on the pod's clock (inverse of toHarness, for times the pod never reported). */
  toPod(harnessT: number): number {
    // The offset moves by microseconds over a run: one fixed-point step is exact enough.
    return harnessT + this.offsetAt(harnessT + this.offsetAt(harnessT));
  }
}
