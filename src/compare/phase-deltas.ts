import type { PhaseStats, ScenarioReport } from '../metrics/index.ts';
import { type Change, FIGURES, type Figure, type FigureDelta, failedRequests, type PhaseDelta } from '../metrics/index.ts';
import { round3 } from './scenario-disruption-seconds.ts';

/**
 * When a figure's move is marked. Failed requests and disruption seconds: any change (a lossless
 * scenario must stay at exactly zero). p99: by more than 10 % and more than 1 ms. Achieved rate:
 * by more than 5 %. Below that the change is `same`: noise of the machine, not of the app.
 */
const NOTICE: Record<Figure, { higherIsWorse: boolean; pct: number; abs: number }> = {
  failed: { higherIsWorse: true, pct: 0, abs: 0 },
  disruptionSeconds: { higherIsWorse: true, pct: 0, abs: 0 },
  p99Ms: { higherIsWorse: true, pct: 10, abs: 1 },
  achievedRate: { higherIsWorse: false, pct: 5, abs: 0 },
};

export function changeOf(figure: Figure, base: number, next: number): Change {
  const n = NOTICE[figure];
  const delta = next - base;
  if (Math.abs(delta) <= Math.max(n.abs, (Math.abs(base) * n.pct) / 100)) return 'same';
  return delta > 0 === n.higherIsWorse ? 'worse' : 'better';
}

/** A phase's figures, per run where they add up over runs (failed requests, disruption seconds). */
export function figuresOf(p: PhaseStats, runs: number): Record<Figure, number> {
  const per = Math.max(1, runs);
  return {
    failed: round3(failedRequests(p) / per),
    disruptionSeconds: round3(p.disruptionSeconds / per),
    p99Ms: p.p99Ms,
    achievedRate: p.achievedRate,
  };
}

/** Per stream and phase present in both reports: each figure, base and new, the delta and its mark. */
export function phaseDeltas(base: ScenarioReport, next: ScenarioReport): PhaseDelta[] {
  const out: PhaseDelta[] = [];
  for (const st of next.streams) {
    const baseStream = base.streams.find((b) => b.name === st.name);
    for (const p of st.phases) {
      const bp = baseStream?.phases.find((b) => b.name === p.name);
      if (!bp) continue;
      const b = figuresOf(bp, base.runs.length);
      const n = figuresOf(p, next.runs.length);
      const figures: FigureDelta[] = FIGURES.map((f) => ({
        figure: f,
        base: b[f],
        new: n[f],
        delta: round3(n[f] - b[f]),
        change: changeOf(f, b[f], n[f]),
      }));
      out.push({ stream: st.name, phase: p.name, figures });
    }
  }
  return out;
}
