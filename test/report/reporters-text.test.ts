import { describe, expect, it } from 'vitest';
import { validateReport } from '../../src/metrics/result/report-schema.ts';
import { OUTCOMES } from '../../src/metrics/types.ts';
import { fileReporters, getReporter, reporterNames } from '../../src/report/registry.ts';
import { renderConsole } from '../../src/report/reporters/console.ts';
import { renderJson } from '../../src/report/reporters/json.ts';
import { renderMarkdown } from '../../src/report/reporters/markdown.ts';
import { fixtureModel, LOSSY_POD } from './reporters-fixture.ts';

const model = fixtureModel();
const lines = (text: string) => text.split('\n');
/** The line that starts (after spaces and table pipes) with `start`. */
const line = (text: string, start: string) => lines(text).find((l) => l.replace(/^[\s|]+/, '').startsWith(start)) ?? '';
const cellsOf = (l: string) => l.trim().split(/\s{2,}/);

describe('registry', () => {
  it('has every format, the file ones with their file names', () => {
    expect(reporterNames()).toEqual(expect.arrayContaining(['console', 'json', 'markdown', 'junit', 'html']));
    expect(fileReporters().map((r) => r.fileName)).toEqual(
      expect.arrayContaining(['report.json', 'report.md', 'report.junit.xml', 'report.html']),
    );
    expect(() => getReporter('yaml')).toThrow(/unknown report format 'yaml'/);
  });
});

describe('the keep-alive pool, stated in every reporter', () => {
  it('console, Markdown and JUnit name the order and the idle close; the JSON carries it and validates', () => {
    const stated = 'keep-alive pool lifo (most recently used first), idle closed after 2000 ms';
    expect(lines(renderConsole(model))[0]).toContain(stated);
    expect(renderMarkdown(model)).toContain(stated);
    expect(getReporter('junit').render(model)).toContain('<property name="load.pool.order" value="lifo"/>');
    expect(getReporter('html').render(model)).toContain(stated);
    const json = JSON.parse(renderJson(model));
    expect(json.load.pool).toEqual({ order: 'lifo', idleCloseMs: 2000 });
    expect(validateReport(json)).toEqual([]);
    const noPool = { ...json, load: { ...json.load, pool: undefined } };
    expect(lines(renderConsole(noPool))[0]).not.toContain('keep-alive pool');
  });
});

describe('console reporter', () => {
  const out = renderConsole(model);

  it('prints a row per scenario and stream with per-phase counts, disruption seconds and the verdict', () => {
    const header = cellsOf(line(out, 'scenario'));
    expect(header.slice(0, 2)).toEqual(['scenario', 'stream']);
    expect(header.filter((h) => h === 'dis s')).toHaveLength(3);
    // exec-entrypoint's keep-alive row is clean, its new-connection row carries the 7 refused and 3 timeouts
    const ka = cellsOf(line(out, 'exec-entrypoint'));
    expect(ka.slice(0, 2)).toEqual(['exec-entrypoint', 'keep-alive']);
    expect(ka.at(-1)).toBe('lossy ✓ (expected lossy)');
    const nc = cellsOf(lines(out)[lines(out).indexOf(line(out, 'exec-entrypoint')) + 1]);
    const per = (header.length - 3) / 3;
    expect(nc[0]).toBe('new-connection');
    const disruption = nc.slice(1 + per, 1 + 2 * per);
    expect(disruption).toEqual(['125', '0', '0', '7', '3', '8.0', '2000', '1.85']);
    expect(header.slice(2 + per, 2 + 2 * per)).toEqual(['req', '5xx', 'rst', 'ref', 't/o', 'err%', 'p99', 'dis s']);
  });

  it('shows target/achieved/dropped per stream and phase, the longest outage, failures per pod and both lags', () => {
    expect(line(out, 'overloaded:')).toContain('keep-alive 25/25 0, 10/250 1200, 25/25 0; new-connection 25/25 0, 25/25 0, 25/25 0');
    expect(out).toContain('longest outage: new-connection disruption 1240 ms');
    expect(out).toContain(`failed by pod: ${LOSSY_POD} 10: 7 refused, 3 timeout (new-connection 10)`);
    expect(out).toContain(`${LOSSY_POD} 1012/1187`);
    expect(out).toContain('exec-entrypoint-old-b not observed/none');
  });

  it('says INVALID in the table and lists the reasons below it, with the exit codes', () => {
    expect(cellsOf(line(out, 'overloaded')).at(-1)).toBe('INVALID ✗ (expected lossless)');
    const below = lines(out).slice(lines(out).findIndex((l) => l.startsWith('INVALID measurements')));
    expect(below[1]).toBe('  overloaded: run #1: disruption: keep-alive achieved 10.0 req/s, below 90 % of the target 250 req/s');
    expect(below[2]).toBe('  overloaded: run #1: disruption: 1200 dropped slots');
    expect(out).toContain('3 invalid measurement');
    expect(out).toMatch(
      /^zerodrop fixture-run: provider local \(emulated\), 3 scenarios, load 50 req\/s \(keep-alive 25, new-connection 25\), at most 100 connections/,
    );
  });

  it('adds a column for an outcome only where some phase has it', () => {
    expect(line(out, 'scenario')).not.toContain('mal');
    const m = fixtureModel();
    m.scenarios[0].streams[1].phases[2].malformed = 4;
    expect(cellsOf(line(renderConsole(m), 'scenario'))).toContain('mal');
  });
});

describe('markdown reporter', () => {
  const md = renderMarkdown(model);

  it('has a summary row per scenario and stream, INVALID reasons below it, and the exit codes', () => {
    expect(md).toContain('| exec-entrypoint | keep-alive | 125 | 0 |');
    expect(md).toMatch(
      /\| {2}\| new-connection \| 125 \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \| 14\.2 \| 0 \| 125 \| 0 \| 0 \| 7 \| 3 \| 0 \| 8\.0 \| 2000 \| 1\.85 \|/,
    );
    expect(md).toContain('- **INVALID** overloaded: run #1: disruption: 1200 dropped slots');
    expect(md).toContain('## overloaded: INVALID ✗ (expected lossless)');
    expect(md).toContain(
      '**INVALID measurement** (the verdict cannot be trusted):\n\n- run #1: disruption: keep-alive achieved 10.0 req/s',
    );
    expect(md.trimEnd().endsWith('3 invalid measurement (a run could not be trusted), 130 interrupted.')).toBe(true);
  });

  it('shows every figure per stream and phase: target/achieved rate, dropped, outcomes, disruption seconds, longest outage', () => {
    const head = line(md, 'stream | phase')
      .split('|')
      .map((c) => c.trim())
      .filter(Boolean);
    for (const h of [
      'target req/s',
      'achieved req/s',
      'dropped',
      'malformed',
      'client',
      'disruption s',
      'longest outage ms',
      'error codes',
    ])
      expect(head).toContain(h);
    expect(head.filter((h) => OUTCOMES.some((o) => o === h || (o === 'http5xx' && h === '5xx')))).toHaveLength(OUTCOMES.length - 3 + 1); // 'http5xx' is '5xx'; no 4xx in the fixture
    const cell = (row: string, col: string) =>
      row
        .split('|')
        .map((c) => c.trim())
        .filter(Boolean)[head.indexOf(col)];
    const nc = lines(md).filter((l) => l.startsWith('| new-connection | disruption |'))[1]; // exec-entrypoint's
    expect([cell(nc, 'refused'), cell(nc, 'timeout'), cell(nc, 'disruption s'), cell(nc, 'longest outage ms')]).toEqual([
      '7',
      '3',
      '1.85',
      '1240',
    ]);
    expect(cell(nc, 'error codes')).toBe('ECONNREFUSED: 7, ETIMEDOUT: 3');
    const ka = lines(md).filter((l) => l.startsWith('| keep-alive | disruption |'))[2]; // overloaded's
    expect([cell(ka, 'target req/s'), cell(ka, 'achieved req/s'), cell(ka, 'target requests'), cell(ka, 'dropped')]).toEqual([
      '250',
      '10',
      '1250',
      '1200',
    ]);
  });

  it('tables failures per pod and, per terminated pod, the control-plane and data-path lag', () => {
    expect(md).toContain(`| #1 | \`${LOSSY_POD}\` | 10 | 7 refused, 3 timeout (new-connection 10) |`);
    expect(md).toContain(`| #1 | \`${LOSSY_POD}\` | 1012 | 1187 |`);
    expect(md).toContain('| #1 | `exec-entrypoint-old-b` | not observed | none after deletion |');
    expect(md).toContain('| #1 | `prestop-sleep-old-b` | 1012 | 998 |');
  });
});

describe('json reporter', () => {
  it('serialises the model as is, streams and disruption seconds included', () => {
    const back = JSON.parse(renderJson(model));
    expect(back).toEqual(model);
    expect(back.scenarios[1].streams[1].phases[1]).toMatchObject({
      name: 'disruption',
      refused: 7,
      disruptionSeconds: 1.85,
      longestOutageMs: 1240,
    });
    // the hand-built fixture is a report.json the schema accepts, so the reporters are tested on a real shape
    expect(validateReport(back)).toEqual([]);
  });
});
