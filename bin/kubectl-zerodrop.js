#!/usr/bin/env node
// kubectl's plugin name for zerodrop: with this file's folder on PATH (an installed package's
// node_modules/.bin, or npm i -g), `kubectl zerodrop run …` runs zerodrop. In that form `run`
// acts on kubectl's current context: the kubeconfig provider unless --provider is given.
// kubectl's --context and --kubeconfig are zerodrop's own flags too.
const args = process.argv.slice(2);
const command = args.find((a) => !a.startsWith('-'));
if (command === 'run' && !args.some((a) => a === '--provider' || a.startsWith('--provider='))) {
  args.splice(args.indexOf('run') + 1, 0, '--provider', 'kubeconfig');
}
process.argv = [process.argv[0], process.argv[1], ...args];
await import('./zerodrop.js');
