#!/usr/bin/env node
// zerodrop runs its TypeScript sources directly on Node 24 (type stripping); no build step.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(
    `zerodrop: needs Node 24 or newer, this is ${process.version} (hint: run it through npx or npm scripts, which use the project's pinned Node 24)`,
  );
  process.exit(2);
}
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'ExperimentalWarning') console.error(w);
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
