/** Maps epoch ms onto the x axis of a timeline; times outside [t0, t1] are clamped to its edges. */
export interface TimeScale {
  t0: number;
  t1: number;
  left: number;
  width: number;
  x(t: number): number;
  /** Whether t lies inside the axis (markers outside it are drawn at the edge, hollow). */
  inside(t: number): boolean;
}

export function timeScale(t0: number, t1: number, left: number, width: number): TimeScale {
  const span = Math.max(1, t1 - t0);
  return {
    t0,
    t1: t0 + span,
    left,
    width,
    x: (t) => left + ((Math.min(Math.max(t, t0), t0 + span) - t0) / span) * width,
    inside: (t) => t >= t0 && t <= t0 + span,
  };
}

/** Seconds relative to t0, e.g. "12.3 s", "-8.4 s". */
export function relSeconds(t: number, t0: number): string {
  const s = (t - t0) / 1000;
  return `${Math.abs(s) >= 100 ? s.toFixed(0) : s.toFixed(1)} s`;
}

const STEPS_S = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];

/** Tick times (epoch ms) every round number of seconds from t0, about 6 to 12 of them. */
export function ticks(scale: TimeScale): number[] {
  const spanS = (scale.t1 - scale.t0) / 1000;
  const step = (STEPS_S.find((s) => spanS / s <= 12) ?? Math.ceil(spanS / 12 / 3600) * 3600) * 1000;
  const out: number[] = [];
  for (let t = scale.t0; t <= scale.t1 + 1e-6; t += step) out.push(t);
  return out;
}

/** A round upper bound for a bar chart's y axis (1, 2, 5 x 10^n), at least 1. */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const pow = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * pow).find((v) => v >= value)!;
}
