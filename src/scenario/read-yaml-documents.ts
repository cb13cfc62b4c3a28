import { readFileSync } from 'node:fs';
import { LineCounter, parseAllDocuments } from 'yaml';
import { ZerodropError } from '../errors/zerodrop-error.ts';
import { displayPath } from './display-path.ts';
import { rememberLines } from './yaml-lines.ts';

/** Read a file, or throw a ZerodropError naming it. */
export function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(err)})`;
    throw new ZerodropError(why, { file: displayPath(file), cause: err });
  }
}

/**
 * Every non-empty YAML document of a file, as plain JS values.
 * A syntax error is one ZerodropError naming the file and `line N`. Objects remember their
 * source lines (see yaml-lines.ts) so that later errors can point at them.
 */
export function readYamlDocuments(file: string): unknown[] {
  const text = readInput(file);
  const out: unknown[] = [];
  const lines = new LineCounter();
  for (const doc of parseAllDocuments(text, { lineCounter: lines })) {
    const err = doc.errors[0];
    if (err !== undefined) {
      const line = err.linePos?.[0].line;
      const first = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new ZerodropError(`invalid YAML: ${first}`, {
        file: displayPath(file),
        field: line === undefined ? undefined : `line ${line}`,
      });
    }
    if (doc.contents === null) continue;
    const value: unknown = doc.toJS();
    rememberLines(value, doc, lines);
    out.push(value);
  }
  return out;
}

/** The single YAML document of a file (an empty file is an error). */
export function readYamlDocument(file: string): unknown {
  const docs = readYamlDocuments(file);
  if (docs.length !== 1) {
    throw new ZerodropError(docs.length === 0 ? 'file is empty' : `expected one YAML document, found ${docs.length}`, { file: displayPath(file) });
  }
  return docs[0];
}
