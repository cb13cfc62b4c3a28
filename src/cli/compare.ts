import type { Command } from 'commander';
import { compare, ZerodropError } from '../api/index.ts';
import { renderComparisonJson, renderComparisonMarkdown, renderComparisonText } from '../report/index.ts';
import { appendStepSummary } from './step-summary.ts';
import { withInterrupts } from './with-interrupts.ts';

interface CompareFlags {
  markdown?: boolean;
  json?: boolean;
}

/**
 * `zerodrop compare BASE NEW`: prints the comparison (console table, --markdown or --json),
 * appends its Markdown to the GitHub step summary when there is one, and exits 1 when a
 * scenario regressed, 0 otherwise, 2 on bad input.
 */
export function registerCompareCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('compare')
    .description('compare a report with an earlier one or with a directory of earlier reports; exit 1 on a regression')
    .argument('<base>', 'report.json, report directory, or a directory of earlier reports (the history)')
    .argument('<new>', 'report.json or report directory of the run to judge')
    .option('--markdown', 'print Markdown (for PR comments)')
    .option('--json', 'print JSON')
    .action(async (base: string, next: string, flags: CompareFlags) => {
      if (flags.markdown && flags.json)
        throw new ZerodropError('cannot be combined with --markdown: pick one output format', { field: '--json' });
      setExit(
        await withInterrupts(async (signal) => {
          const { comparison: c, regressions, exitCode } = await compare({ base, next, signal });
          process.stdout.write(
            flags.json ? renderComparisonJson(c) : flags.markdown ? renderComparisonMarkdown(c) : `${renderComparisonText(c)}\n`,
          );
          if (flags.json || flags.markdown) for (const k of regressions) process.stderr.write(`zerodrop: regression: ${k.message}\n`);
          appendStepSummary(renderComparisonMarkdown(c));
          return exitCode;
        }),
      );
    });
}
