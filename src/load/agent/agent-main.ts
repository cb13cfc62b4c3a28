/**
 * Entry point of the load agent: `zerodrop agent` (bin/zerodrop.js imports this module), the
 * argument the load Job's pods give zerodrop's own image (images/zerodrop).
 * Reads its settings from the environment, runs until the harness stops it (or SIGTERM, or its
 * time limit), then exits 0; a bad setting is one line on stderr and exit 2.
 */
import { ZerodropError } from '../../errors/index.ts';
import { readAgentConfig } from './agent-config.ts';
import { startLoadAgent } from './load-agent.ts';

try {
  const agent = await startLoadAgent(readAgentConfig(process.env), process.stdout);
  process.once('SIGTERM', () => {
    void agent.stop().then(() => process.exit(0));
  });
  await agent.finished;
  process.exit(0);
} catch (err) {
  process.stderr.write(`zerodrop load agent: ${err instanceof ZerodropError ? err.oneLine() : (err as Error).message}\n`);
  process.exit(2);
}
