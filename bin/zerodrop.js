#!/usr/bin/env node
// zerodrop's command. An installed package runs the JavaScript that `npm run build` (prepack) wrote to
// dist/, on Node 22.22 or newer. A checkout (it has tsconfig.json) runs the TypeScript sources
// directly, with Node 24's type stripping, so development needs no build step.
import { existsSync } from 'node:fs';

const [major, minor] = process.versions.node.split('.').map(Number);
const checkout = existsSync(new URL('../tsconfig.json', import.meta.url)) && existsSync(new URL('../src/cli/main.ts', import.meta.url));
const need = checkout ? [24, 0] : [22, 22];
if (major < need[0] || (major === need[0] && minor < need[1])) {
  console.error(
    `zerodrop: needs Node ${need.join('.')} or newer, this is ${process.version}` +
      (checkout ? " (hint: run it through npx or npm scripts, which use the project's pinned Node 24)" : ''),
  );
  process.exit(2);
}
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'ExperimentalWarning') console.error(w);
});
if (process.argv[2] === 'agent') {
  // `zerodrop agent`: the in-cluster load agent of --load-from cluster (the load Job's pods run
  // zerodrop's image with this argument). It loads only the agent's own modules, not the CLI, and
  // takes its settings from the environment (ZERODROP_AGENT_CONFIG); it exits by itself.
  await import(checkout ? '../src/load/agent/agent-main.ts' : '../dist/load/agent/agent-main.js');
} else {
  const { main } = await import(checkout ? '../src/cli/main.ts' : '../dist/cli/main.js');
  process.exitCode = await main(process.argv);
}
