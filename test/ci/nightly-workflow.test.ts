import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { buildProgram } from '../../src/cli/main.ts';
import { type Action, inputValues, readAction, render } from './action-file.ts';
import { invocations, npmRunProblems, type Step, zerodropProblems } from './workflow-commands.ts';

interface Workflow {
  name: string;
  on: { schedule?: { cron: string }[] };
  permissions?: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; steps: Step[] }>;
}

const WORKFLOW = new URL('../../docs/ci/nightly.yml', import.meta.url);
let wf: Workflow;
let steps: Step[];
let scripts: Record<string, string>;
let action: Action;
const program = buildProgram(() => {});

beforeAll(async () => {
  const doc = parseDocument(await readFile(WORKFLOW, 'utf8'), { uniqueKeys: true, prettyErrors: false });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  expect(doc.warnings.map((e) => e.message)).toEqual([]);
  wf = doc.toJS() as Workflow;
  steps = Object.values(wf.jobs).flatMap((j) => j.steps);
  action = await readAction();
  scripts = (JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> })
    .scripts;
});

/** A cron field: numbers, ranges, lists, steps or `*`, each number within the field's range. */
function cronProblems(cron: string): string[] {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return [`"${cron}": ${fields.length} fields, a cron has 5`];
  const ranges = [
    [0, 59],
    [0, 23],
    [1, 31],
    [1, 12],
    [0, 7],
  ];
  return fields.flatMap((f, i) => {
    if (!/^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/.test(f)) return [`"${f}" is not a cron field`];
    const values = f
      .split(',')
      .flatMap((part) => part.split('/')[0].split('-'))
      .filter((x) => x !== '*')
      .map(Number);
    return values.filter((n) => n < ranges[i][0] || n > ranges[i][1]).map((n) => `${n} out of range in "${f}"`);
  });
}

describe('docs/ci/nightly.yml', () => {
  it('checks cron fields', () => {
    expect(cronProblems('17 2 * * *')).toEqual([]);
    expect(cronProblems('*/15 0-6 1,15 * 1-5')).toEqual([]);
    expect(cronProblems('60 2 * * *')).toEqual(['60 out of range in "60"']);
    expect(cronProblems('17 2 * *')).toHaveLength(1);
  });

  it('is a GitHub Actions workflow: a nightly schedule, jobs with runs-on and steps, each step a uses or a run', () => {
    expect(wf.name).toBeTruthy();
    expect(wf.on.schedule?.length).toBeGreaterThan(0);
    for (const s of wf.on.schedule!) expect(cronProblems(s.cron)).toEqual([]);
    expect(Object.keys(wf.jobs).length).toBeGreaterThan(0);
    for (const [name, job] of Object.entries(wf.jobs)) {
      expect(job['runs-on'], name).toBeTruthy();
      expect(job.steps.length, name).toBeGreaterThan(0);
    }
    for (const s of steps) {
      expect(Number(s.uses !== undefined) + Number(s.run !== undefined), JSON.stringify(s)).toBe(1);
      // owner/repo@ref, or a local action (./ is this repository's action.yml).
      if (s.uses) expect(s.uses).toMatch(/^([\w.-]+\/[\w.-]+@[\w.-]+|\.\/[\w./-]*)$/);
    }
    // Every steps.<id> an expression names is a step id defined before it.
    const ids: string[] = [];
    for (const s of steps) {
      const text = `${s.if ?? ''} ${s.run ?? ''} ${Object.values(s.with ?? {}).join(' ')}`;
      for (const [, id] of text.matchAll(/steps\.([\w-]+)\./g)) expect(ids, `${s.name}: steps.${id}`).toContain(id);
      if (s.id) ids.push(s.id);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('caches the offline build under ~/.cache/zerodrop by the files that define the images, and uploads the reports', () => {
    const cache = steps.find((s) => s.uses?.startsWith('actions/cache@'));
    expect(cache?.with?.path).toBe('~/.cache/zerodrop');
    for (const input of ["'images/**'", "'src/offline-cluster/**'", "'package-lock.json'"])
      expect(String(cache?.with?.key)).toContain(input);
    // The action uploads the report folder (always) under the artifact name it is given.
    const zerodrop = steps.find((s) => s.uses === './');
    expect(zerodrop?.with).toMatchObject({ artifact: 'zerodrop-nightly', out: 'reports/nightly' });
    // The artifact downloaded from earlier nights is the one uploaded.
    expect(steps.map((s) => s.run ?? '').join('\n')).toContain('--name zerodrop-nightly');
    expect(wf.permissions).toMatchObject({ actions: 'read' });
  });

  it('every npm script and zerodrop command it runs exists, with flags and values the CLI accepts', () => {
    const calls = steps.flatMap((s) => invocations(s.run ?? '').map((c) => ({ ...c, step: s.name ?? s.run ?? '' })));
    expect(new Set(calls.filter((c) => c.kind === 'zerodrop').map((c) => c.words[0]))).toEqual(new Set(['cluster']));
    expect(calls.filter((c) => c.kind === 'npm-run').map((c) => c.words[0])).toEqual(
      expect.arrayContaining(['cluster:image', 'cluster:up']),
    );
    const problems = calls.flatMap((c) =>
      (c.kind === 'npm-run' ? npmRunProblems(program, scripts, c.words) : zerodropProblems(program, c.words)).map((p) => `${c.step}: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  it("runs the catalogue through the repository's action, with inputs the action has, compared with the earlier nights", () => {
    const step = steps.find((s) => s.uses === './')!;
    const given = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, String(v)]));
    expect(Object.keys(given).filter((k) => !(k in action.inputs))).toEqual([]);
    // The earlier nights' folder, as the history step names it when it found reports.
    expect(given.baseline).toBe('${{ steps.history.outputs.dir }}');
    const history = steps.find((s) => s.id === 'history')!;
    expect(history.run).toContain('echo "dir=history" >> "$GITHUB_OUTPUT"');
    const values = inputValues(action, { ...given, baseline: 'history' });
    const calls = action.runs.steps.flatMap((s) => invocations(render(s, values)));
    expect(calls.map((c) => c.words[0])).toEqual(['run']);
    expect(zerodropProblems(program, calls[0].words)).toEqual([]);
    expect(calls[0].words.join(' ')).toContain('--provider kind --disruption rollout --repeat 3 --out reports/nightly --baseline history');
    // The cluster comes before the run and goes after it, whatever the run did.
    const at = (pred: (s: Step) => boolean) => steps.findIndex(pred);
    expect(at((s) => s.name === 'Start the cluster')).toBeLessThan(at((s) => s.uses === './'));
    const down = steps.find((s) => s.run?.includes('zerodrop cluster down'));
    expect(down?.if).toBe('always()');
    expect(at((s) => s === down)).toBeGreaterThan(at((s) => s.uses === './'));
  });

  it('the command check finds what does not exist (so that the test above can fail)', () => {
    const cases = [
      ['zerodrop', 'npx zerodrop run --provider kind --no-such-flag', /unknown flag --no-such-flag/],
      ['zerodrop', 'npx zerodrop run --provider kinder', /--provider kinder: must be one of/],
      ['zerodrop', 'npx zerodrop run --repeat 0', /--repeat 0: must be an integer between 1/],
      ['zerodrop', 'node bin/zerodrop.js comparee a b', /no subcommand/],
      ['zerodrop', 'npx zerodrop compare onlyone', /takes base, new, got 1/],
      ['zerodrop', 'npx zerodrop cluster', /needs one of its subcommands/],
      ['npm-run', 'npm run cluster:imgae', /no such script/],
      ['npm-run', 'npm run cluster:up -- --imag', /zerodrop cluster up: unknown flag --imag/],
      ['npm-run', 'sudo -E env "PATH=$PATH" npm run typecheck -- --pretty', /not zerodrop/],
    ] as const;
    for (const [kind, line, problem] of cases) {
      const [call] = invocations(line);
      expect(call?.kind, line).toBe(kind);
      const found = call.kind === 'npm-run' ? npmRunProblems(program, scripts, call.words) : zerodropProblems(program, call.words);
      expect(found, line).toEqual([expect.stringMatching(problem)]);
    }
  });
});
