import { LineCounter, parseAllDocuments } from 'yaml';
import { ZerodropError } from '../errors/index.ts';
import { displayPath, ReadFileError, readRegularFile } from '../util/index.ts';
import { rememberLines } from './yaml-lines.ts';
import { firstYamlProblem } from './yaml-problems.ts';

/**
 * Read an input file (a regular text file of at most 1 MiB: a FIFO never blocks, a NUL byte is
 * refused with its line), or throw a ZerodropError naming it.
 */
export function readInput(file: string): string {
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (err) {
    const why = err instanceof ReadFileError ? err.reason : `cannot read (${String(err)})`;
    throw new ZerodropError(why, { file: displayPath(file), cause: err });
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    const line = text.slice(0, nul).split('\n').length;
    throw new ZerodropError('contains a NUL byte: input files are text', { file: displayPath(file), field: `line ${line}` });
  }
  return text;
}

/**
 * Every non-empty YAML document of a file, as plain JS values.
 * A syntax error, an unknown tag or an undefined alias is one ZerodropError naming the file and
 * the field or `line N`. Objects remember their source lines (see yaml-lines.ts) so that later
 * errors can point at them.
 */
export function readYamlDocuments(file: string): unknown[] {
  const text = readInput(file);
  const out: unknown[] = [];
  const lines = new LineCounter();
  const fail = (message: string, line: number | undefined, field?: string) =>
    new ZerodropError(`invalid YAML: ${message}${field !== undefined && line !== undefined ? ` (line ${line})` : ''}`, {
      file: displayPath(file),
      field: field ?? (line === undefined ? undefined : `line ${line}`),
    });
  for (const doc of parseAllDocuments(text, { lineCounter: lines })) {
    const err = doc.errors[0];
    if (err !== undefined) {
      const first = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw fail(first, err.linePos?.[0].line);
    }
    const problem = firstYamlProblem(doc, lines);
    if (problem !== undefined) throw fail(problem.message, problem.line, problem.field);
    if (doc.contents === null) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw fail(e instanceof Error ? e.message.split('\n')[0] : String(e), undefined);
    }
    rememberLines(value, doc, lines);
    out.push(value);
  }
  return out;
}

/** The single YAML document of a file (an empty file is an error). */
export function readYamlDocument(file: string): unknown {
  const docs = readYamlDocuments(file);
  if (docs.length !== 1) {
    throw new ZerodropError(docs.length === 0 ? 'file is empty' : `expected one YAML document, found ${docs.length}`, {
      file: displayPath(file),
    });
  }
  return docs[0];
}
