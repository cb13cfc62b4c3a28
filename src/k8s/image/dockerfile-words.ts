/**
 * Docker's word processing for FROM, ARG, ENV, WORKDIR, COPY, LABEL, USER, EXPOSE, STOPSIGNAL:
 * `$VAR` and `${VAR}` substitution (with `:-` `-` `:+` `+` modifiers), single and double quotes
 * (removed), and the escape character. Substituted values are never split into more words.
 */
export function dockerWords(text: string, vars: Record<string, string>, escape = '\\'): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  const flush = () => {
    if (inWord) words.push(cur);
    cur = '';
    inWord = false;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === escape && i + 1 < text.length) {
      cur += text[i + 1];
      i += 2;
      inWord = true;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end === -1 ? text.length : end;
      cur += text.slice(i + 1, stop);
      i = stop + 1;
      inWord = true;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === escape && i + 1 < text.length && ['"', '$', escape].includes(text[i + 1])) {
          cur += text[i + 1];
          i += 2;
        } else if (text[i] === '$') {
          const [value, next] = substitute(text, i, vars);
          cur += value;
          i = next;
        } else cur += text[i++];
      }
      i++;
      inWord = true;
    } else if (c === '$') {
      const [value, next] = substitute(text, i, vars);
      cur += value;
      i = next;
      inWord = true;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      flush();
      i++;
    } else {
      cur += c;
      i++;
      inWord = true;
    }
  }
  flush();
  return words;
}

/** One word: the text processed as above, with whitespace kept (WORKDIR, STOPSIGNAL, legacy ENV values). */
export function dockerWord(text: string, vars: Record<string, string>, escape = '\\'): string {
  // Protect whitespace from splitting by escaping it, then process as a single word.
  return dockerWords(
    text.replace(/[ \t]/g, (s) => escape + s),
    vars,
    escape,
  ).join('');
}

/** Expand the `$...` reference at text[i]; returns the value and the index after the reference. */
function substitute(text: string, i: number, vars: Record<string, string>): [string, number] {
  if (text[i + 1] === '{') {
    const end = text.indexOf('}', i + 2);
    if (end === -1) return ['$', i + 1];
    const inner = text.slice(i + 2, end);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])(.*))?$/s.exec(inner);
    if (!m) return [text.slice(i, end + 1), end + 1];
    const [, name, op, word = ''] = m;
    const value = vars[name];
    const set = value !== undefined && (op?.startsWith(':') ? value !== '' : true);
    if (op === undefined) return [value ?? '', end + 1];
    if (op.endsWith('-')) return [set ? value! : dockerWord(word, vars), end + 1];
    return [set ? dockerWord(word, vars) : '', end + 1];
  }
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
  if (!m) return ['$', i + 1];
  return [vars[m[0]] ?? '', i + 1 + m[0].length];
}
