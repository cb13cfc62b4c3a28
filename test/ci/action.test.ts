import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.ts';
import { type Action, inputValues, readAction, render } from './action-file.ts';
import { invocations, zerodropProblems } from './workflow-commands.ts';

const program = buildProgram(() => {});
let action: Action;

beforeAll(async () => {
  action = await readAction();
});

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
    ['a kind nightly', { scenarios: 'prestop-sleep shell-entrypoint', provider: 'kind', repeat: '3', baseline: 'history' }],
    ['a target and a manifest', { provider: 'kubeconfig', disruption: 'drain', manifest: 'app.yaml', target: '10.0.0.1:30080' }],
  ] as const)('runs a zerodrop command the CLI accepts: %s', (_name, given: Record<string, string>) => {
    const calls = action.runs.steps.flatMap((s) => invocations(render(s, inputValues(action, given))));
    expect(calls.map((c) => c.words[0])).toEqual(['run']);
    for (const c of calls) expect(zerodropProblems(program, c.words)).toEqual([]);
    // Each optional input set becomes its flag with its value; unset ones add nothing.
    const words = calls[0].words;
    for (const [input, flag] of [
      ['baseline', '--baseline'],
      ['manifest', '--manifest'],
      ['target', '--target'],
    ] as const)
      if (given[input]) expect(words.slice(words.indexOf(flag), words.indexOf(flag) + 2), input).toEqual([flag, given[input]]);
      else expect(words, input).not.toContain(flag);
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
    // zerodrop run appends report.md to GITHUB_STEP_SUMMARY itself (src/cli/step-summary.ts, tested
    // in test/compare/run-baseline.test.ts): a step of the action doing it too would print it twice.
    expect(steps.filter((s) => `${s.run ?? ''}`.includes('GITHUB_STEP_SUMMARY'))).toEqual([]);
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with).toMatchObject({ name: '${{ inputs.artifact }}', path: '${{ inputs.out }}' });
    expect(upload?.if).toBe('always()');
    const run = steps.find((s) => s.id === 'run')!;
    expect(run.run).toContain('echo "exit-code=$?" >> "$GITHUB_OUTPUT"');
    expect(steps.at(-1)?.run).toBe('exit "${{ steps.run.outputs.exit-code }}"');
    expect(action.outputs['exit-code'].value).toBe('${{ steps.run.outputs.exit-code }}');
  });
});
