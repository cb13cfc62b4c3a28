import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

type Finder = (path: (string | number)[]) => number | undefined;
const finders = new WeakMap<object, Finder>();

/** Remember where the parts of `value` (the JS form of `doc`) sit in the YAML text. */
export function rememberLines(value: unknown, doc: Document, lines: LineCounter): void {
  if (value === null || typeof value !== 'object') return;
  finders.set(value, (path) => {
    let node: unknown = doc.contents;
    let offset: number | undefined;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg);
        if (!pair) break;
        offset = (pair.key as Node | null)?.range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
        offset = (node as Node | undefined)?.range?.[0] ?? offset;
      } else break;
    }
    return offset === undefined ? undefined : lines.linePos(offset).line;
  });
}

/**
 * The 1-based line of a dotted field path (`spec.ports[0].port`) inside an object read by
 * readYamlDocuments, or of its nearest ancestor present in the text; undefined when unknown.
 */
export function lineOf(value: object, dotted: string): number | undefined {
  const path =
    dotted === ''
      ? []
      : dotted
          .replace(/\[(\d+)\]/g, '.$1')
          .split('.')
          .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  return finders.get(value)?.(path);
}

/** ` (line N)` for an error message, or '' when the line is unknown. */
export function atLine(value: object, dotted: string): string {
  const line = lineOf(value, dotted);
  return line === undefined ? '' : ` (line ${line})`;
}
