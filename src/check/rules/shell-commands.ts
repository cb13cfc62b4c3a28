/** One simple command of a shell script, as far as PID-1 analysis needs it. */
export interface ShellCommand {
  /** 1-based line where the command starts. */
  line: number;
  /** Words with quotes removed (`"$child"` is `$child`); `$(...)` and backquotes stay one word. */
  words: string[];
  /** The command as written (trimmed, without its separator). */
  text: string;
  /** Ended by a single `&`: the shell does not wait for it. */
  background: boolean;
}

/**
 * Split a POSIX shell script into simple commands: quotes, backslash escapes and continuation
 * lines, `#` comments, `$(...)` and backquotes, the separators `;` `;;` `&&` `||` `|` `&` and
 * newline, and heredoc bodies (skipped). Not a shell: no expansion, no syntax errors, no
 * grammar beyond what separates one command from the next.
 */
export function shellCommands(text: string): ShellCommand[] {
  const src = text.replace(/\r\n?/g, '\n');
  const out: ShellCommand[] = [];
  const heredocs: { delim: string; strip: boolean }[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let line = 1;
  let start = { line: 1, at: 0 };
  let i = 0;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (background: boolean, end: number) => {
    endWord();
    if (words.length > 0) out.push({ line: start.line, words, text: src.slice(start.at, end).trim(), background });
    words = [];
  };
  /** Consume src[i..] up to and including `close`, counting lines; returns the inner text. */
  const until = (close: string, from: number, escapes: boolean): string => {
    let j = from;
    while (j < src.length && src[j] !== close) j += escapes && src[j] === '\\' ? 2 : 1;
    const inner = src.slice(from, j);
    line += inner.split('\n').length - 1;
    i = j + 1;
    return inner;
  };
  while (i < src.length) {
    const c = src[i];
    if (words.length === 0 && !inWord && (c === ' ' || c === '\t')) start = { line, at: i + 1 };
    if (c === '\\' && src[i + 1] === '\n') {
      line++;
      i += 2;
      continue;
    }
    if (c === '\\') {
      word += src[i + 1] ?? '';
      inWord = true;
      i += 2;
      continue;
    }
    if (c === "'") {
      word += until("'", i + 1, false);
      inWord = true;
      continue;
    }
    if (c === '"') {
      word += until('"', i + 1, true).replace(/\\(["$`\\])/g, '$1');
      inWord = true;
      continue;
    }
    if (c === '`') {
      word += `\`${until('`', i + 1, true)}\``;
      inWord = true;
      continue;
    }
    if (c === '$' && src[i + 1] === '(') {
      word += `$(${balanced(i + 2)}`;
      inWord = true;
      continue;
    }
    if (c === '#' && !inWord) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '<' && src[i + 1] === '<' && src[i + 2] !== '<') {
      const m = /^<<(-?)[ \t]*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(src.slice(i));
      if (m) {
        endWord();
        words.push(`<<${m[3]}`);
        heredocs.push({ delim: m[3], strip: m[1] === '-' });
        i += m[0].length;
        continue;
      }
    }
    if (c === '\n') {
      endCommand(false, i);
      i++;
      line++;
      for (const h of heredocs.splice(0)) {
        while (i < src.length) {
          const end = src.indexOf('\n', i) === -1 ? src.length : src.indexOf('\n', i);
          const body = src.slice(i, end);
          i = end + 1;
          line++;
          if ((h.strip ? body.replace(/^\t+/, '') : body) === h.delim) break;
        }
      }
      start = { line, at: i };
      continue;
    }
    const two = src.slice(i, i + 2);
    if (c === ';' || two === '&&' || two === '||' || c === '|' || (c === '&' && src[i + 1] !== '>' && !/[<>]$/.test(word))) {
      endCommand(c === '&' && two !== '&&', i);
      i += two === ';;' || two === '&&' || two === '||' ? 2 : 1;
      start = { line, at: i };
      continue;
    }
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
      continue;
    }
    word += c;
    inWord = true;
    i++;
  }
  endCommand(false, src.length);
  return out;

  /** `$(` ... `)` with nesting, from `from` (after the opening parenthesis); returns the rest of it. */
  function balanced(from: number): string {
    let depth = 1;
    let j = from;
    for (; j < src.length && depth > 0; j++) {
      if (src[j] === '(') depth++;
      else if (src[j] === ')') depth--;
    }
    const body = src.slice(from, j);
    line += body.split('\n').length - 1;
    i = j;
    return body;
  }
}
