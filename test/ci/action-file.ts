import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import { parseDocument } from 'yaml';
import type { Step } from './workflow-commands.ts';

/** action.yml, the fields the tests read. */
export interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required: boolean; default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

/** The repository's action.yml, parsed strictly (duplicate keys and YAML errors fail). */
export async function readAction(): Promise<Action> {
  const doc = parseDocument(await readFile(new URL('../../action.yml', import.meta.url), 'utf8'), {
    uniqueKeys: true,
    prettyErrors: false,
  });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  return doc.toJS() as Action;
}

/** Every input with its default, then `given` over them: what a `uses:` step's `with:` gives the action. */
export function inputValues(action: Action, given: Record<string, string> = {}): Record<string, string> {
  return { ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default])), ...given };
}

/**
 * A step's script as it runs with these input values: `${{ inputs.X }}` and its env's `$NAME` (set
 * from inputs) replaced, and the optional flags of `[ -n "$X" ] && extra+=(--flag "$X")` lines
 * put where `"${extra[@]}"` stands, as the bash array would hold them.
 */
export function render(step: Step, values: Record<string, string>): string {
  const sub = (text: string) =>
    text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_m, name: string) => values[name] ?? `<no input ${name}>`);
  const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, sub(v)]));
  const extra = [...(step.run ?? '').matchAll(/\[ -n "\$(\w+)" \] && extra\+=\((--[\w-]+) "\$\1"\)/g)]
    .filter(([, name]) => env[name])
    .map(([, name, flag]) => `${flag} "${env[name]}"`);
  let script = sub(step.run ?? '');
  for (const [name, value] of Object.entries(env)) script = script.replaceAll(`"$${name}"`, `"${value}"`).replaceAll(`$${name}`, value);
  return script.replace(/"\$\{extra\[@\]\}"/, extra.join(' '));
}
