import type { StreamName } from '../../src/load/types.ts';
import { CAUSE_INFO } from '../../src/metrics/diagnosis/causes.ts';
import type {
  DiagnosisEntry,
  EndpointLag,
  OutcomeBuckets,
  PhaseStats,
  PodFailures,
  ReportModel,
  ScenarioReport,
  ScenarioRun,
  StreamStats,
  Verdict,
} from '../../src/metrics/result/report-model.ts';
import { FAILURE_OUTCOMES, OUTCOMES, type Outcome } from '../../src/metrics/types.ts';
import { PHASES, type PhaseName, type TimelineEvent } from '../../src/timeline/types.ts';

/**
 * A hand-built ReportModel for the reporter tests: three scenarios of one run, each phase 5 s,
 * both streams at 25 req/s.
 * - prestop-sleep: lossless, met.
 * - exec-entrypoint: lossy, met; failures on the new-connection stream only (7 refused, 3
 *   timeouts in disruption, 1.85 disruption seconds, 1240 ms longest outage), all on one pod,
 *   diagnosed as 10 propagation-race.
 * - overloaded: INVALID (keep-alive disruption asked 250 req/s, 1200 of 1250 slots dropped), expected lossless.
 */
export const T0 = Date.UTC(2026, 10, 23, 0, 0, 0);
export const PHASE_MS = 5000;
const RATE = 25;
const bound = (i: number) => T0 + i * PHASE_MS;

type Counts = Partial<Record<Outcome, number>> &
  Partial<Pick<PhaseStats, 'disruptionSeconds' | 'longestOutageMs' | 'errorsByCode' | 'http5xxByCode' | 'http4xxFailedByCode'>>;

/** One phase of one stream: `rate` req/s asked for, the given outcome counts, the rest ok. */
export function phase(name: PhaseName, rate: number, c: Counts = {}): PhaseStats {
  const targetRequests = (rate * PHASE_MS) / 1000;
  const n = (o: Outcome) => c[o] ?? 0;
  const requests = targetRequests - n('dropped');
  const failed = FAILURE_OUTCOMES.reduce((s, o) => s + n(o), 0);
  return {
    name,
    requests,
    sent: requests,
    targetRequests,
    targetRate: rate,
    achievedRate: requests / (PHASE_MS / 1000),
    ok: requests - failed - n('http4xx') - n('client'),
    http4xx: n('http4xx'),
    http4xxFailed: n('http4xxFailed'),
    http4xxFailedByCode: c.http4xxFailedByCode ?? {},
    http5xx: n('http5xx'),
    http5xxByCode: c.http5xxByCode ?? {},
    reset: n('reset'),
    refused: n('refused'),
    timeout: n('timeout'),
    malformed: n('malformed'),
    other: n('other'),
    dropped: n('dropped'),
    client: n('client'),
    errorsByCode: c.errorsByCode ?? {},
    errorPct: requests ? (failed / requests) * 100 : 0,
    p50Ms: 2.5,
    p99Ms: n('timeout') ? 2000 : 14.2,
    maxMs: n('timeout') ? 2001 : 31,
    newConnections: 3,
    reusedConnections: requests - 3,
    disruptionSeconds: c.disruptionSeconds ?? 0,
    longestOutageMs: c.longestOutageMs ?? 0,
  };
}

/** Both streams of a phase together (counts summed, latency the worse, outage the longer). */
export function combine(a: PhaseStats, b: PhaseStats): PhaseStats {
  const sum = { ...a };
  for (const k of [
    'requests',
    'sent',
    'targetRequests',
    'targetRate',
    'achievedRate',
    ...OUTCOMES,
    'newConnections',
    'reusedConnections',
    'disruptionSeconds',
  ] as const)
    sum[k] = a[k] + b[k];
  for (const k of ['p50Ms', 'p99Ms', 'maxMs', 'longestOutageMs'] as const) sum[k] = Math.max(a[k], b[k]);
  sum.errorsByCode = { ...a.errorsByCode, ...b.errorsByCode };
  sum.http5xxByCode = { ...a.http5xxByCode, ...b.http5xxByCode };
  sum.errorPct = sum.requests ? (FAILURE_OUTCOMES.reduce((n, o) => n + sum[o], 0) / sum.requests) * 100 : 0;
  return sum;
}

const streamsOf = (ka: PhaseStats[], nc: PhaseStats[]): StreamStats[] => [
  { name: 'keep-alive', rate: ka[0].targetRate, phases: ka },
  { name: 'new-connection', rate: nc[0].targetRate, phases: nc },
];

/** Outcomes per 500 ms bucket, each phase's counts spread evenly over its buckets. */
function bucketsOf(phases: PhaseStats[]): OutcomeBuckets {
  const ms = 500;
  const per = PHASE_MS / ms;
  const counts = Object.fromEntries(
    OUTCOMES.map((o) => [
      o,
      phases.flatMap((p) => Array.from({ length: per }, (_, i) => Math.floor(p[o] / per) + (i < p[o] % per ? 1 : 0))),
    ]),
  ) as Record<Outcome, number[]>;
  return { ms, start: T0, counts };
}

/** Two old pods replaced by two new ones during the disruption phase. */
function timelineOf(scenario: string): TimelineEvent[] {
  const d = bound(1);
  const ev = (t: number, kind: TimelineEvent['kind'], pod?: string, detail?: string): TimelineEvent => ({
    t,
    kind,
    ...(pod ? { pod } : {}),
    ...(detail ? { detail } : {}),
  });
  const pods = [`${scenario}-old-a`, `${scenario}-old-b`, `${scenario}-new-a`, `${scenario}-new-b`];
  return [
    ev(T0, 'phase', undefined, 'baseline'),
    ev(d, 'phase', undefined, 'disruption'),
    ev(bound(2), 'phase', undefined, 'recovery'),
    ev(bound(3), 'phase', undefined, 'end'),
    ...pods
      .slice(0, 2)
      .flatMap((p, i) => [
        ev(T0 - 9000, 'pod-created', p),
        ev(T0 - 8000, 'pod-ready', p),
        ev(T0 - 8000, 'endpoint-added', p),
        ev(d + 300 + i * 2000, 'pod-deleted', p),
        ev(d + 300 + i * 2000, 'sigterm', p),
        ev(d + 1312 + i * 2000, 'endpoint-removed', p),
        ev(d + 1500 + i * 2000, 'exit', p, '0'),
      ]),
    ...pods
      .slice(2)
      .flatMap((p, i) => [
        ev(d + 100 + i * 2000, 'pod-created', p),
        ev(d + 200 + i * 2000, 'pod-ready', p),
        ev(d + 250 + i * 2000, 'endpoint-added', p),
      ]),
    ev(d, 'disruption-start'),
    ev(bound(2) - 100, 'disruption-end'),
  ];
}

interface RunSpec {
  verdict: Verdict;
  ka: PhaseStats[];
  nc: PhaseStats[];
  failuresByPod?: PodFailures[];
  lags?: (scenario: string) => EndpointLag[];
  reasons?: string[];
  diagnosis?: DiagnosisEntry[];
}

function scenario(name: string, expected: ScenarioReport['expected'], met: boolean, spec: RunSpec): ScenarioReport {
  const phases = spec.ka.map((p, i) => combine(p, spec.nc[i]));
  const streams = streamsOf(spec.ka, spec.nc);
  const run: ScenarioRun = {
    iteration: 1,
    verdict: spec.verdict,
    validity: { valid: spec.verdict !== 'invalid', reasons: spec.reasons ?? [] },
    startedAt: T0 - 10_000,
    phases,
    streams,
    failuresByPod: spec.failuresByPod ?? [],
    endpointLags: spec.lags?.(name) ?? [],
    diagnosis: spec.diagnosis ?? [],
    files: { requests: `${name}/1/requests.ndjson`, timeline: `${name}/1/timeline.ndjson` },
    timeline: timelineOf(name),
    boundaries: { baseline: bound(0), disruption: bound(1), recovery: bound(2), end: bound(3) },
    buckets: bucketsOf(phases),
  };
  return {
    name,
    description: `${name}: a fixture scenario`,
    disruption: 'rollout',
    expected,
    verdict: spec.verdict,
    invalidReasons: (spec.reasons ?? []).map((r) => `run #1: ${r}`),
    met,
    flaky: false,
    phases,
    streams: structuredClone(streams),
    diagnosis: (spec.diagnosis ?? []).map((d) => ({ ...d, evidence: d.evidence.map((e) => ({ ...e, run: 1 })) })),
    runs: [run],
  };
}

const clean = (rate = RATE) => PHASES.map((p) => phase(p, rate));
const lag = (pod: string, i: number, dataPath: number): EndpointLag => {
  const deletedAt = bound(1) + 300 + i * 2000;
  return {
    pod,
    deletedAt,
    endpointRemovedAt: deletedAt + 1012,
    lagMs: 1012,
    lastNewConnectionAt: deletedAt + dataPath,
    dataPathLagMs: dataPath,
  };
};
export const LOSSY_POD = 'exec-entrypoint-old-a';

export function fixtureModel(): ReportModel {
  const streamName: StreamName = 'new-connection';
  const lossless = scenario('prestop-sleep', 'lossless', true, {
    verdict: 'lossless',
    ka: clean(),
    nc: clean(),
    lags: (s) => [lag(`${s}-old-a`, 0, 1003), lag(`${s}-old-b`, 1, 998)],
  });
  const lossy = scenario('exec-entrypoint', 'lossy', true, {
    verdict: 'lossy',
    ka: clean(),
    nc: [
      phase('baseline', RATE),
      phase('disruption', RATE, {
        refused: 7,
        timeout: 3,
        disruptionSeconds: 1.85,
        longestOutageMs: 1240,
        errorsByCode: { ECONNREFUSED: 7, ETIMEDOUT: 3 },
      }),
      phase('recovery', RATE),
    ],
    failuresByPod: [{ pod: LOSSY_POD, failed: 10, byOutcome: { refused: 7, timeout: 3 }, byStream: { [streamName]: 10 } }],
    lags: (s) => [lag(`${s}-old-a`, 0, 1187), { pod: `${s}-old-b`, deletedAt: bound(1) + 2300 }],
    diagnosis: [
      {
        cause: 'propagation-race',
        count: 10,
        pods: [LOSSY_POD],
        fix: CAUSE_INFO['propagation-race'].fix,
        evidence: [
          {
            pod: LOSSY_POD,
            count: 10,
            from: bound(1) + 310,
            to: bound(1) + 1300,
            detail: 'sent after the deletion, before the endpoint left the data path',
          },
        ],
      },
    ],
  });
  const reasons = ['disruption: keep-alive achieved 10.0 req/s, below 90 % of the target 250 req/s', 'disruption: 1200 dropped slots'];
  const invalid = scenario('overloaded', 'lossless', false, {
    verdict: 'invalid',
    reasons,
    ka: [phase('baseline', RATE), phase('disruption', 250, { dropped: 1200 }), phase('recovery', RATE)],
    nc: clean(),
  });
  return {
    schemaVersion: 2,
    tool: { name: 'zerodrop', version: '0.1.0' },
    runId: 'fixture-run',
    provider: 'local',
    emulated: true,
    startedAt: new Date(T0 - 10_000).toISOString(),
    finishedAt: new Date(bound(3) + 2500).toISOString(),
    notes: ['PID-1 semantics were not reproduced'],
    load: {
      rate: 2 * RATE,
      maxConnections: 100,
      timeoutMs: 2000,
      streams: [
        { name: 'keep-alive', rate: RATE },
        { name: 'new-connection', rate: RATE },
      ],
      pool: { order: 'lifo', idleCloseMs: 2000 },
    },
    scenarios: [lossless, lossy, invalid],
  };
}
