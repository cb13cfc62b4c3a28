/**
 * A minimal terminal for tests: applies text, CR, LF, erase line (ESC[2K), cursor up (ESC[nA)
 * and cursor show/hide to a grid of lines; colours (SGR) are dropped. Lines never wrap.
 */
export function termScreen(output: string): { lines: string[]; cursorShown: boolean } {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  let cursorShown = true;
  for (const m of output.matchAll(/\x1b\[(\?25[hl]|\d*[A-Za-z])|\r|\n|[^\x1b\r\n]+/gu)) {
    const tok = m[0];
    if (tok === '\r') col = 0;
    else if (tok === '\n') {
      row++;
      col = 0;
      while (lines.length <= row) lines.push('');
    } else if (m[1] === '?25h') cursorShown = true;
    else if (m[1] === '?25l') cursorShown = false;
    else if (m[1]?.endsWith('K')) lines[row] = '';
    else if (m[1]?.endsWith('A')) row = Math.max(0, row - Number(m[1].slice(0, -1) || 1));
    else if (m[1] === undefined) {
      const chars = [...lines[row].padEnd(col)];
      const text = [...tok];
      chars.splice(col, text.length, ...text);
      lines[row] = chars.join('');
      col += text.length;
    }
  }
  while (lines.length && lines.at(-1) === '') lines.pop();
  return { lines, cursorShown };
}

/** Visible characters of a line as written (escape sequences dropped). */
export const visible = (s: string) => [...s.replace(/\x1b\[[?\d;]*[A-Za-z]|\r/g, '')].length;
