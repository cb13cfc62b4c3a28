// Measures endpoint propagation on a real cluster, the figure the embedded runtime's default stands
// for (DEFAULT_PROPAGATION_DELAY_MS in src/cluster/providers/local/service/endpoints-controller.ts).
// Runs prestop-sleep (3 s preStop sleep: a deleted pod keeps answering until kube-proxy stops sending
// it new connections) through `repeat` rollouts on the kind cluster, and prints, over every pod
// deleted: the lag from its deletion to its endpoint leaving the EndpointSlice (the watch), and the
// data-path lag, from its deletion to the start of the last new connection it answered.
// Run: npm run measure:propagation [-- REPEAT]   (needs `npm run cluster:up`; about 1 min per repeat)
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../src/index.ts';

const repeat = Number(process.argv[2] ?? 5);
const outDir = await mkdtemp(join(tmpdir(), 'zerodrop-propagation-'));
const result = await run({ scenarios: ['prestop-sleep'], provider: 'kind', disruption: 'rollout', repeat, outDir });
const runs = result.report?.scenarios.flatMap((s) => s.runs) ?? [];
const lags = runs.flatMap((r) => r.endpointLags);
const slice = lags.map((l) => l.lagMs).filter((v): v is number => v !== undefined);
const dataPath = lags.map((l) => l.dataPathLagMs).filter((v): v is number => v !== undefined);

function describe(name: string, values: number[]): string {
  if (values.length === 0) return `${name}: no measurement`;
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)]!;
  return `${name}: n=${v.length} min ${v[0]} ms, median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${v[v.length - 1]} ms`;
}

console.log(`prestop-sleep on kind, ${runs.length} rollout(s), ${lags.length} pods deleted; reports in ${outDir}`);
console.log(describe('deletion -> endpoint left the EndpointSlice', slice));
console.log(describe('deletion -> last new connection the pod answered (data path)', dataPath));
if (dataPath.length > 0) {
  const max = Math.max(...dataPath);
  console.log(`embedded-runtime removal delay that covers every pod seen: ${Math.ceil(max / 100) * 100} ms (max rounded up to 100 ms)`);
}
process.exitCode = result.exitCode;
