import Table from 'cli-table3';
import type { Command } from 'commander';
import { describeExpected, findScenarioRoot, listScenarios } from '../scenario/index.ts';

export function registerListCommand(program: Command): void {
  program
    .command('list')
    .description('list the scenario catalogue')
    .option('--json', 'print JSON')
    .option('--scenario-dir <dir>', 'scenario catalogue directory (default: the shipped scenarios/)')
    .action(async (flags: { json?: boolean; scenarioDir?: string }) => {
      const scenarios = await listScenarios(flags.scenarioDir ?? findScenarioRoot());
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(scenarios, null, 2)}\n`);
        return;
      }
      const style = process.stdout.isTTY ? {} : { style: { head: [], border: [] } };
      // A per-disruption verdict shows as one `disruption: verdict` line each.
      const table = new Table({
        head: ['scenario', 'expected', 'disruptions', 'description'],
        wordWrap: true,
        colWidths: [20, 19, 22, 70],
        ...style,
      });
      for (const s of scenarios)
        table.push([s.name, describeExpected(s.expected).replaceAll(', ', '\n'), s.disruptions.join(', '), s.description]);
      process.stdout.write(`${table.toString()}\n`);
    });
}
