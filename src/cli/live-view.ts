import { ZerodropError } from '../errors/index.ts';
import { type LiveServer, startLiveServer } from '../live/index.ts';
import { intFlag } from './parse-flags.ts';

const port = intFlag('--live', 0, 65_535);

/** `--live [port]`: the port (0: a free one). A word there is most likely a scenario name after a bare --live. */
export function liveFlag(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new ZerodropError(`takes a port number, got ${JSON.stringify(value)}`, {
      field: '--live',
      hint: 'put the scenario names before --live, or give it a port',
    });
  }
  return port(value);
}

/** Starts the live view when --live was given, and prints its URL before anything else. */
export async function openLiveView(livePort: number | undefined): Promise<LiveServer | undefined> {
  if (livePort === undefined) return undefined;
  const live = await startLiveServer(livePort);
  process.stderr.write(`zerodrop: live view at ${live.url} (events: ${live.url}events)\n`);
  return live;
}
