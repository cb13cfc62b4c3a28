import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { buildProgram } from '../../src/cli/main.ts';
import { invocations, type Step, zerodropProblems } from './workflow-commands.ts';

interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required: boolean; default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const program = buildProgram(() => {});
let action: Action;

beforeAll(async () => {
  const doc = parseDocument(await readFile(new URL('../../action.yml', import.meta.url), 'utf8'), {
    uniqueKeys: true,
    prettyErrors: false,
  });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  action = doc.toJS() as Action;
});

/** A step's script with `${{ inputs.X }}` and its env's `$NAME` (set from inputs) replaced by `values`. */
function render(step: Step, values: Record<string, string>): string {
  const sub = (text: string) =>
    text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_m, name: string) => values[name] ?? `<no input ${name}>`);
  let script = sub(step.run ?? '');
  for (const [name, value] of Object.entries(step.env ?? {})) script = script.replaceAll(`$${name}`, sub(value));
  // The optional flags the script adds from the env, as the bash array would hold them.
  return script.replace(/"\$\{extra\[@\]\}"/, values.extra ?? '');
}

describe('action.yml, the GitHub Action', () => {
  it('is a composite action whose every input is described and used', () => {
    expect(action.runs.using).toBe('composite');
    const text = JSON.stringify(action.runs.steps);
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).not.toBe('');
      expect(text, `input ${name} is used by a step`).toContain(`inputs.${name}`);
    }
    for (const s of action.runs.steps) if (s.run) expect(s.shell, s.name).toBe('bash');
  });

  it.each([
    ['defaults', {}],
    ['a kind nightly', { scenarios: 'prestop-sleep shell-entrypoint', provider: 'kind', repeat: '3', extra: '--baseline history' }],
    ['a target and a manifest', { provider: 'kubeconfig', disruption: 'drain', extra: '--manifest app.yaml --target 10.0.0.1:30080' }],
  ] as const)('runs a zerodrop command the CLI accepts: %s', (_name, given) => {
    const values: Record<string, string> = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default]));
    Object.assign(values, given);
    const calls = action.runs.steps.flatMap((s) => invocations(render(s, values)));
    expect(calls.map((c) => c.words[0])).toEqual(['run']);
    for (const c of calls) expect(zerodropProblems(program, c.words)).toEqual([]);
  });

  it('adds each optional flag only when its input is set, with a flag the CLI has', () => {
    const run = action.runs.steps.find((s) => s.id === 'run')!;
    const flags = [...run.run!.matchAll(/extra\+=\((--[\w-]+) "\$(\w+)"\)/g)].map((m) => [m[1], m[2]]);
    expect(flags.map(([, env]) => env).sort()).toEqual(['BASELINE', 'MANIFEST', 'TARGET']);
    const runCommand = program.commands.find((c) => c.name() === 'run')!;
    for (const [flag] of flags)
      expect(
        runCommand.options.some((o) => o.long === flag),
        flag,
      ).toBe(true);
  });

  it('writes the Markdown report to the job summary, uploads the report folder and fails on the exit code', () => {
    const steps = action.runs.steps;
    const summary = steps.find((s) => s.run?.includes('GITHUB_STEP_SUMMARY'));
    expect(summary?.run).toContain('${{ inputs.out }}/report.md');
    expect(summary?.if).toBe('always()');
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with).toMatchObject({ name: '${{ inputs.artifact }}', path: '${{ inputs.out }}' });
    expect(upload?.if).toBe('always()');
    const run = steps.find((s) => s.id === 'run')!;
    expect(run.run).toContain('echo "exit-code=$?" >> "$GITHUB_OUTPUT"');
    expect(steps.at(-1)?.run).toBe('exit "${{ steps.run.outputs.exit-code }}"');
    expect(action.outputs['exit-code'].value).toBe('${{ steps.run.outputs.exit-code }}');
  });
});
