import { appendFileSync } from 'node:fs';

/**
 * On GitHub Actions (GITHUB_STEP_SUMMARY names a file): appends the Markdown to the job's
 * summary, after a blank line, keeping what is there. A summary that cannot be written is one
 * warning line; it never changes the exit code.
 */
export function appendStepSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    appendFileSync(file, `\n${markdown.endsWith('\n') ? markdown : `${markdown}\n`}`);
  } catch (err) {
    process.stderr.write(
      `zerodrop: GITHUB_STEP_SUMMARY: cannot append to ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})\n`,
    );
  }
}
