import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ReportModel, run } from '../../src/index.ts';
import { runCli } from '../cli/run-cli.ts';

/** The shape of a report without its measurements: nested keys, scenario and phase names. */
function shape(r: ReportModel) {
  return {
    keys: Object.keys(r).sort(),
    provider: r.provider,
    scenarios: r.scenarios.map((s) => ({
      keys: Object.keys(s).sort(),
      name: s.name,
      disruption: s.disruption,
      expected: s.expected,
      verdict: s.verdict,
      met: s.met,
      phases: s.phases.map((p) => p.name),
      streams: s.streams.map((x) => x.name),
      runs: s.runs.length,
    })),
  };
}

/** One scenario, two ways: the library call and `zerodrop run` with the same options. */
describe('a run through the API and through the CLI', () => {
  it('give the same report (the one written to report.json), the same verdict and the same exit code', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zerodrop-api-cli-'));
    const api = await run({
      scenarios: ['prestop-sleep'],
      disruption: 'delete',
      outDir: join(dir, 'api'),
      load: { baselineSeconds: 1, recoverySeconds: 1 },
    });
    const written = JSON.parse(await readFile(join(dir, 'api', 'report.json'), 'utf8')) as ReportModel;
    expect(written).toEqual(JSON.parse(JSON.stringify(api.report)));
    expect(api.files).toEqual(expect.arrayContaining([join(dir, 'api', 'report.json'), join(dir, 'api', 'report.md')]));

    const cli = await runCli(
      ['run', 'prestop-sleep', '--disruption', 'delete', '--baseline-seconds', '1', '--recovery-seconds', '1', '--out', join(dir, 'cli')],
      { timeoutMs: 150_000 },
    );
    expect(cli.code, cli.stderr).toBe(api.exitCode);
    const fromCli = JSON.parse(await readFile(join(dir, 'cli', 'report.json'), 'utf8')) as ReportModel;
    expect(shape(fromCli)).toEqual(shape(written));
    expect(fromCli.load).toEqual(written.load);
    for (const f of api.files) expect(cli.stdout).toContain(`wrote ${f.replace(join(dir, 'api'), join(dir, 'cli'))}`);
  }, 200_000);
});
