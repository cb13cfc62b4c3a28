import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node, visit } from 'yaml';

/** A problem the YAML parser does not report as an error, located for a one-line message. */
export interface YamlProblem {
  message: string;
  /** 1-based line, when known. */
  line?: number;
  /** Dotted field path (`load.path`, `spec.ports[0]`), when known. */
  field?: string;
}

/**
 * The first problem in a parsed document that would otherwise be silently accepted or surface
 * as a bare exception from toJS(): a warning (an unknown tag such as `!custom` resolves to a plain
 * string), an alias whose anchor is not defined before it, a map or sequence used as a key
 * (`? [a, b] : 1`), or a NUL character in a string (`"a\0b"`).
 */
export function firstYamlProblem(doc: Document, lines: LineCounter): YamlProblem | undefined {
  const warning = doc.warnings[0];
  if (warning !== undefined) {
    const first = warning.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const offset = warning.pos[0];
    return { message: first.replace(/^Unresolved tag/, 'unknown tag'), line: lines.linePos(offset).line, field: fieldAt(doc, offset) };
  }
  let problem: YamlProblem | undefined;
  const at = (node: { range?: [number, number, number] | null } | null | undefined) => {
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : lines.linePos(offset).line;
  };
  visit(doc, {
    Pair(_key, pair, path) {
      const key = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
      if (!isMap(key) && !isSeq(key)) return undefined;
      // toJS() would stringify it with a process warning; no Kubernetes or scenario field has such a key.
      problem = {
        message: `a ${isMap(key) ? 'map' : 'sequence'} as a mapping key is not supported (keys are plain strings)`,
        line: at(pair.key as Node),
        field: dotted(path),
      };
      return visit.BREAK;
    },
    Scalar(_key, node, path) {
      if (typeof node.value !== 'string' || !node.value.includes('\0')) return undefined;
      problem = { message: 'contains a NUL character (\\0), which no field allows', line: at(node), field: dotted([...path, node]) };
      return visit.BREAK;
    },
    Alias(_key, node, path) {
      if (node.resolve(doc) !== undefined) return undefined;
      problem = { message: `undefined alias *${node.source} (no anchor &${node.source} before it)`, line: at(node), field: dotted(path) };
      return visit.BREAK;
    },
  });
  return problem;
}

/** The dotted path of the deepest map key or sequence item whose text contains `offset`. */
function fieldAt(doc: Document, offset: number): string | undefined {
  let best: string | undefined;
  visit(doc, {
    Node(_key, node, path) {
      const range = (node as Node).range;
      if (!isAlias(node) && range && range[0] <= offset && offset <= range[1]) best = dotted([...path, node]) ?? best;
      return undefined;
    },
    Pair(_key, pair, path) {
      const start = (pair.key as Node | null)?.range?.[0];
      const end = (pair.value as Node | null)?.range?.[1];
      if (start !== undefined && end !== undefined && start <= offset && offset <= end) best = dotted([...path, pair]) ?? best;
      return undefined;
    },
  });
  return best;
}

/** `a.b[2].c` from the ancestry visit() passes (documents, maps, pairs, sequences). */
function dotted(path: readonly unknown[]): string | undefined {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const p = path[i];
    if (isPair(p)) {
      const key = isScalar(p.key) ? String(p.key.value) : '?';
      out += out === '' ? key : `.${key}`;
    } else if (isSeq(p) && i + 1 < path.length) {
      out += `[${p.items.indexOf(path[i + 1] as never)}]`;
    } else if (isMap(p)) {
    }
  }
  return out === '' ? undefined : out;
}
