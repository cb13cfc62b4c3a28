import { describe, expect, it } from 'vitest';
import { OUTCOMES } from '../../src/metrics/types.ts';
import { podLanes } from '../../src/render/svg/pod-lanes.ts';
import { OUTCOME_STYLE, STACK_ORDER } from '../../src/render/svg/styles.ts';
import { fileReporters, getReporter } from '../../src/report/registry.ts';
import { renderHtml } from '../../src/report/reporters/html/render-html.ts';
import type { TimelineEvent } from '../../src/timeline/types.ts';
import { fixtureModel, LOSSY_POD } from './reporters-fixture.ts';

const NASTY = 'x<script>alert("&")</script>';
const model = fixtureModel();
const html = renderHtml(model);
/** The visible text of a piece of markup. */
const text = (h: string) =>
  h
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<title>[\s\S]*?<\/title>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ');
/** The <tr> with these attributes (first match). */
const rowWith = (h: string, attrs: string) => h.match(new RegExp(`<tr[^>]*${attrs}[^>]*>([\\s\\S]*?)</tr>`))?.[1] ?? '';
const cells = (tr: string) => [...tr.matchAll(/<td([^>]*)>([\s\S]*?)<\/td>/g)].map((m) => ({ cls: m[1], text: text(m[2]).trim() }));
const section = (name: string) =>
  html.slice(html.indexOf(`id="scenario-${name}"`), html.indexOf('</section>', html.indexOf(`id="scenario-${name}"`)));

describe('html reporter', () => {
  it('is registered as report.html, self-contained, escapes names, one timeline per run', () => {
    expect(getReporter('html').fileName).toBe('report.html');
    expect(fileReporters().map((r) => r.fileName)).toContain('report.html');
    const m = structuredClone(model);
    m.scenarios[1].name = NASTY;
    m.scenarios[1].description = 'd <b>';
    const nasty = renderHtml(m);
    expect(nasty).not.toContain(NASTY);
    expect(nasty).toContain('x&lt;script&gt;alert(&quot;&amp;&quot;)&lt;/script&gt;');
    expect(nasty).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(nasty).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    expect(html.match(/<svg class="timeline"/g)).toHaveLength(3);
    expect(text(html)).toMatch(/EMULATED/);
    expect(text(renderHtml({ ...model, emulated: false, provider: 'kind', notes: [] }))).not.toMatch(/emulated/i);
  });

  it('has a comparison row per scenario and stream, failures highlighted, disruption seconds shown', () => {
    expect(html.match(/<tr[^>]*data-scenario=/g)).toHaveLength(6);
    const nc = cells(rowWith(html, 'data-scenario="exec-entrypoint" data-stream="new-connection"'));
    expect(nc[0].text).toBe('new-connection'); // the name and verdict cells span both rows of the scenario
    const per = (nc.length - 1) / 3;
    expect(nc.slice(1 + per, 1 + 2 * per).map((c) => c.text)).toEqual(['125', '0', '0', '7', '3', '0', '8.0', '2000', '1.85']);
    expect(nc.filter((c) => c.cls.includes('bad')).map((c) => c.text)).toEqual(['7', '3', '8.0', '1.85']);
    const ka = cells(rowWith(html, 'data-scenario="exec-entrypoint" data-stream="keep-alive"'));
    expect(ka[0]).toMatchObject({ cls: expect.stringContaining('rowspan="2"'), text: 'exec-entrypoint' });
    expect(ka.at(-1)!.text).toBe('lossy ✓ (expected lossy)');
    expect(ka.filter((c) => c.cls.includes('bad'))).toEqual([]);
  });

  it('marks an INVALID scenario with its own style and lists the reasons', () => {
    const verdict = cells(rowWith(html, 'data-scenario="overloaded" data-stream="keep-alive"')).at(-1)!;
    expect(verdict).toEqual({ cls: expect.stringContaining('verdict invalid'), text: 'INVALID ✗ (expected lossless)' });
    expect(html).toContain('class="scenario invalid" id="scenario-overloaded"');
    const s = section('overloaded');
    expect(s).toContain('<span class="badge invalid">⚠ INVALID, expected lossless</span>');
    expect(text(s)).toContain(
      'INVALID measurement : the verdict of this scenario cannot be trusted. run #1: disruption: keep-alive achieved 10.0 req/s, below 90 % of the target 250 req/s run #1: disruption: 1200 dropped slots',
    );
    expect(text(s)).toContain('INVALID measurement : this run cannot be trusted.');
    expect(section('exec-entrypoint')).not.toContain('invalid-box');
    expect(html).toMatch(/\.badge\.invalid \{[^}]+\}/);
  });

  it('shows every figure per stream and phase, failures per pod and both lags per terminated pod', () => {
    const ka = cells(rowWith(section('overloaded'), 'data-stream="keep-alive" data-phase="disruption"')).map((c) => c.text);
    expect(ka.slice(0, 6)).toEqual(['keep-alive', 'disruption', '250', '10', '1250', '50']);
    expect(ka).toContain('1200');
    const nc = cells(rowWith(section('exec-entrypoint'), 'data-stream="new-connection" data-phase="disruption"')).map((c) => c.text);
    expect(nc.slice(-3)).toEqual(['1.85', '1240', 'ECONNREFUSED: 7, ETIMEDOUT: 3']);
    const s = text(section('exec-entrypoint'));
    expect(s).toContain(`Failures per pod pod failed by outcome (by stream) ${LOSSY_POD} 10 7 refused, 3 timeout (new-connection 10)`);
    expect(s).toContain(`${LOSSY_POD} 1012 1187 exec-entrypoint-old-b not observed none after deletion`);
    expect(text(section('prestop-sleep'))).not.toContain('Failures per pod');
  });

  it('draws the data-path lag on the pod lane and colours every outcome', () => {
    const lane = html.match(new RegExp(`<g class="lane" data-pod="${LOSSY_POD}">([\\s\\S]*?)</g><g class="lane"`))?.[1] ?? '';
    expect(lane).toContain('<g class="datapath-lag"><rect');
    expect(lane).toContain('new connections still answered 1187 ms after deletion (data-path lag)');
    expect(html.match(/class="datapath-lag"/g)).toHaveLength(3); // prestop-sleep's two pods and exec-entrypoint's old-a
    expect([...STACK_ORDER].sort()).toEqual([...OUTCOMES].sort());
    for (const o of OUTCOMES) expect(html).toContain(`${OUTCOME_STYLE[o].label}</span>`);
    // overloaded's dropped slots are drawn in the dropped colour, in the failures chart too
    const overloaded = section('overloaded');
    expect(overloaded.match(new RegExp(`fill="${OUTCOME_STYLE.dropped.colour}"`, 'g'))!.length).toBeGreaterThanOrEqual(20);
    expect(overloaded.match(/<g class="chart"/g)).toHaveLength(2);
    expect(section('prestop-sleep').match(/<g class="chart"/g)).toHaveLength(1);
  });

  it('states the exit codes and renders a run without buckets with a note instead of bars', () => {
    expect(text(html)).toContain(
      'Exit codes: 0 every scenario met its expected verdict, 1 a scenario did not, 2 bad input or a failed run, 3 invalid measurement',
    );
    const old = structuredClone(model);
    for (const s of old.scenarios) for (const r of s.runs) delete (r as { buckets?: unknown }).buckets;
    const h = renderHtml(old);
    expect(h).toContain('no per-bucket request counts');
    expect(h).not.toContain('class="bucket"');
  });
});

describe('pod lanes', () => {
  it('derive lifetime, readiness, preStop and endpoint spans per pod, in order of appearance', () => {
    const ev = (t: number, kind: TimelineEvent['kind'], pod?: string, detail?: string): TimelineEvent => ({ t, kind, pod, detail });
    const lanes = podLanes([
      ev(5, 'pod-created', 'new'),
      ev(0, 'pod-created', 'old'),
      ev(1, 'pod-ready', 'old'),
      ev(2, 'endpoint-added', 'old'),
      ev(6, 'pod-deleted', 'old'),
      ev(6, 'prestop-start', 'old'),
      ev(7, 'endpoint-removed', 'old'),
      ev(9, 'prestop-end', 'old'),
      ev(9, 'sigterm', 'old'),
      ev(11, 'sigkill', 'old'),
      ev(12, 'exit', 'old', '137'),
      ev(8, 'pod-ready', 'new'),
      ev(3, 'disruption-start'),
    ]);
    expect(lanes.map((l) => l.pod)).toEqual(['old', 'new']);
    const [old, neu] = lanes;
    expect(old.alive).toEqual({ start: 0, end: 12 });
    expect(old.ready).toEqual([{ start: 1, end: 12 }]);
    expect(old.endpoint).toEqual([{ start: 2, end: 7 }]);
    expect(old.prestop).toEqual([{ start: 6, end: 9 }]);
    expect(old.marks.map((m) => m.kind)).toEqual(['pod-deleted', 'sigterm', 'sigkill', 'exit']);
    expect(neu).toMatchObject({ alive: { start: 5 }, ready: [{ start: 8 }], endpoint: [] });
    expect(neu.alive.end).toBeUndefined();
  });
});
