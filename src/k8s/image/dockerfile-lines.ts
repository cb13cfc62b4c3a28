/** One Dockerfile instruction after joining continuation lines and dropping comments. */
export interface DockerfileInstruction {
  /** 1-based line where the instruction starts. */
  line: number;
  /** Upper-cased instruction keyword (FROM, COPY, ...). */
  keyword: string;
  /** Everything after the keyword, continuation lines joined, trimmed. */
  args: string;
}

export interface DockerfileLines {
  /** The escape character (`\` unless a `# escape=` parser directive says otherwise). */
  escape: string;
  instructions: DockerfileInstruction[];
}

/**
 * Split a Dockerfile into instructions as Docker's parser does: parser directives at the top,
 * `#` comment lines (also inside a continuation), blank lines, lines continued by a trailing
 * escape character (whitespace after it is allowed), and heredoc bodies (skipped).
 */
export function dockerfileLines(text: string): DockerfileLines {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let escape = '\\';
  let i = 0;
  // Parser directives: `# key=value` lines before anything else.
  for (; i < lines.length; i++) {
    const m = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(lines[i]);
    if (!m) break;
    if (m[1].toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2];
  }
  const continued = new RegExp(`${escape === '\\' ? '\\\\' : '`'}[ \\t]*$`);
  const instructions: DockerfileInstruction[] = [];
  let current: { line: number; text: string } | undefined;
  for (; i < lines.length; i++) {
    const raw = lines[i];
    const trimmed = raw.trim();
    if (trimmed.startsWith('#')) continue;
    if (current === undefined && trimmed === '') continue;
    const more = continued.test(raw);
    const body = more ? raw.replace(continued, '') : raw;
    if (current === undefined) current = { line: i + 1, text: body.trimStart() };
    else current.text += body;
    if (!more) {
      const ins = toInstruction(current);
      instructions.push(ins);
      current = undefined;
      // BuildKit heredocs (RUN <<EOF ... EOF): the body lines belong to the instruction.
      const heredocs =
        ins.keyword === 'RUN' || ins.keyword === 'COPY' ? ins.args.matchAll(/(?<!<)<<(-?)["']?([A-Za-z_][A-Za-z0-9_]*)["']?/g) : [];
      for (const m of heredocs) {
        const strip = m[1] === '-';
        while (i + 1 < lines.length && (strip ? lines[i + 1].replace(/^\t+/, '') : lines[i + 1]) !== m[2]) i++;
        i++;
      }
    }
  }
  if (current !== undefined && current.text.trim() !== '') instructions.push(toInstruction(current));
  return { escape, instructions };
}

function toInstruction(c: { line: number; text: string }): DockerfileInstruction {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(c.text.trim());
  return { line: c.line, keyword: (m?.[1] ?? '').toUpperCase(), args: (m?.[2] ?? '').trim() };
}
