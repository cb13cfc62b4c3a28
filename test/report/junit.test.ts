import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/metrics/result/report-model.ts';
import { fileReporters, getReporter } from '../../src/report/registry.ts';
import { renderJunit } from '../../src/report/reporters/junit.ts';
import { fixtureModel, LOSSY_POD } from './reporters-fixture.ts';

/** A parsed XML element, as Python's expat-based ElementTree (a conforming XML parser) sees it. */
interface El {
  tag: string;
  attrib: Record<string, string>;
  text: string;
  children: El[];
}

const PYTHON = '/usr/bin/python3';
const PARSE = `
import sys, json, xml.etree.ElementTree as ET
def conv(e): return {'tag': e.tag, 'attrib': e.attrib, 'text': e.text or '', 'children': [conv(c) for c in e]}
print(json.dumps(conv(ET.fromstring(sys.stdin.buffer.read()))))
`;
const parseXml = (xml: string): El => JSON.parse(execFileSync(PYTHON, ['-c', PARSE], { input: xml, encoding: 'utf8' }));
const kids = (e: El, tag: string) => e.children.filter((c) => c.tag === tag);
const props = (e: El) => Object.fromEntries(kids(kids(e, 'properties')[0], 'property').map((p) => [p.attrib.name, p.attrib.value]));

const NASTY = 'odd <name> & "quotes" \'apos\'';
const model: ReportModel = fixtureModel();
const INVALID_MESSAGE =
  'invalid measurement: run #1: disruption: keep-alive achieved 10.0 req/s, below 90 % of the target 250 req/s; run #1: disruption: 1200 dropped slots';

describe('junit reporter', () => {
  it('is registered as a file reporter writing report.junit.xml', () => {
    expect(getReporter('junit').fileName).toBe('report.junit.xml');
    expect(fileReporters().map((r) => r.name)).toContain('junit');
  });

  it.skipIf(!existsSync(PYTHON))(
    'writes well-formed XML: an <error> for an invalid measurement, none for met verdicts (parsed by expat; skipped: no /usr/bin/python3)',
    () => {
      const xml = renderJunit(model);
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
      const root = parseXml(xml);
      expect(root.tag).toBe('testsuites');
      expect(root.attrib).toMatchObject({
        tests: '3',
        failures: '0',
        errors: '1',
        skipped: '0',
        time: '27.500',
        name: 'zerodrop fixture-run (emulated)',
      });
      const [suite] = kids(root, 'testsuite');
      expect(kids(root, 'testsuite')).toHaveLength(1);
      expect(suite.attrib).toMatchObject({
        name: 'zerodrop.local.rollout',
        tests: '3',
        failures: '0',
        errors: '1',
        timestamp: '2026-11-22T23:59:50',
      });
      expect(props(suite)).toMatchObject({
        emulated: 'true',
        provider: 'local',
        'load.rate': '50',
        'load.maxConnections': '100',
        'load.timeoutMs': '2000',
        'load.keep-alive.rate': '25',
        'load.new-connection.rate': '25',
      });
      expect(kids(suite, 'system-out')[0].text).toContain('PID-1 semantics were not reproduced');

      const [lossless, lossy, invalid] = kids(suite, 'testcase');
      expect([lossless, lossy, invalid].map((c) => c.attrib.name)).toEqual(['prestop-sleep', 'exec-entrypoint', 'overloaded']);
      expect(lossless.children.map((c) => c.tag)).toEqual(['properties', 'system-out']);
      expect(lossy.children.map((c) => c.tag)).toEqual(['properties', 'system-out']);
      expect(invalid.children.map((c) => c.tag)).toEqual(['properties', 'error', 'system-out']);
      const error = kids(invalid, 'error')[0];
      expect(error.attrib).toEqual({ message: INVALID_MESSAGE, type: 'zerodrop.invalid' });
      expect(error.text).toBe(
        'run #1: disruption: keep-alive achieved 10.0 req/s, below 90 % of the target 250 req/s\nrun #1: disruption: 1200 dropped slots',
      );
      expect(Number(lossy.attrib.time)).toBe(15);
      expect(kids(invalid, 'system-out')[0].text).toContain('3 invalid measurement');
    },
  );

  it.skipIf(!existsSync(PYTHON))(
    'carries disruption seconds, longest outage and every other figure per stream and phase as properties',
    () => {
      const [, lossy, invalid] = kids(kids(parseXml(renderJunit(model)), 'testsuite')[0], 'testcase');
      const p = props(lossy);
      expect(p).toMatchObject({
        verdict: 'lossy',
        met: 'true',
        expected: 'lossy',
        runs: '1',
        'runs.lossy': '1',
        'runs.invalid': '0',
        'disruption.refused': '7',
        'disruption.timeout': '3',
        'keep-alive.rate': '25',
        'new-connection.rate': '25',
        'new-connection.disruption.disruptionSeconds': '1.85',
        'new-connection.disruption.longestOutageMs': '1240',
        'new-connection.disruption.refused': '7',
        'keep-alive.disruption.refused': '0',
        'keep-alive.disruption.disruptionSeconds': '0',
      });
      for (const stream of ['', 'keep-alive.', 'new-connection.']) {
        for (const phase of ['baseline', 'disruption', 'recovery']) {
          for (const k of [
            'requests',
            'sent',
            'targetRequests',
            'targetRate',
            'achievedRate',
            'dropped',
            'malformed',
            'client',
            'errorPct',
            'p99Ms',
            'disruptionSeconds',
            'longestOutageMs',
          ]) {
            expect(p).toHaveProperty([`${stream}${phase}.${k}`]);
          }
        }
      }
      expect(props(invalid)).toMatchObject({
        verdict: 'invalid',
        met: 'false',
        'runs.invalid': '1',
        'keep-alive.disruption.dropped': '1200',
        'keep-alive.disruption.targetRate': '250',
        'keep-alive.disruption.achievedRate': '10',
        'keep-alive.disruption.targetRequests': '1250',
      });
      const out = kids(lossy, 'system-out')[0].text;
      expect(out).toContain(`run #1: lossy: new-connection: 7 refused, 3 timeouts in disruption`);
      expect(out).toContain(`${LOSSY_POD}: 10 failed: 7 refused, 3 timeout (new-connection 10)`);
      expect(out).toContain(
        `${LOSSY_POD}: control plane: endpoint removed 1012 ms after deletion; data path: last new connection 1187 ms after deletion`,
      );
    },
  );

  it('keeps a valid verdict that missed its expectation a <failure>, and escapes markup', () => {
    const m = structuredClone(model);
    const s = m.scenarios[1];
    Object.assign(s, { name: NASTY, expected: 'lossless', met: false, description: 'a <b>bold</b> & ]]> claim\u0001' });
    m.scenarios = [s];
    const xml = renderJunit(m);
    expect(xml).toMatch(/<testsuites [^>]*tests="1" failures="1" errors="0" skipped="0"/);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).not.toContain('<error');
    expect(xml).toContain(
      '<failure message="lossy, expected lossless: new-connection: 7 refused, 3 timeouts in disruption" type="zerodrop.lossy">run #1: lossy:',
    );
    expect(xml).toContain('name="odd &lt;name&gt; &amp; &quot;quotes&quot; &#39;apos&#39;"');
    expect(xml).not.toContain(NASTY);
    expect(xml).not.toContain('\u0001');
    expect(xml).toContain('a &lt;b&gt;bold&lt;/b&gt; &amp; ]]&gt; claim\uFFFD');
    if (existsSync(PYTHON)) expect(kids(kids(parseXml(xml), 'testsuite')[0], 'testcase')[0].attrib.name).toBe(NASTY);
  });

  it('says when an invalid scenario recorded no reason, and adds flakiness to a failure message', () => {
    const m = structuredClone(model);
    m.scenarios[2].invalidReasons = [];
    expect(renderJunit(m)).toContain('<error message="invalid measurement: no reason recorded" type="zerodrop.invalid">');
    const flaky = structuredClone(model);
    const s = flaky.scenarios[1];
    s.runs.push({ ...structuredClone(s.runs[0]), iteration: 2, verdict: 'lossless' });
    Object.assign(s, { flaky: true, expected: 'lossless', met: false });
    expect(renderJunit(flaky)).toContain('(flaky: 1/2 runs lossy)"');
  });
});
