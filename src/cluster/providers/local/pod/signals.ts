import { constants } from 'node:os';
import { ZerodropError } from '../../../../errors/index.ts';

/** Normalise a Dockerfile STOPSIGNAL (`SIGQUIT`, `QUIT`, `3`) to a Node signal name; default SIGTERM. */
export function stopSignalOf(stopSignal: string | undefined, dockerfile: string): NodeJS.Signals {
  if (stopSignal === undefined || stopSignal.trim() === '') return 'SIGTERM';
  const raw = stopSignal.trim().toUpperCase();
  const signals = constants.signals as Record<string, number>;
  if (/^\d+$/.test(raw)) {
    const num = Number(raw);
    const name = Object.keys(signals).find((k) => signals[k] === num);
    if (name) return name as NodeJS.Signals;
  } else {
    const name = raw.startsWith('SIG') ? raw : `SIG${raw}`;
    if (name in signals) return name as NodeJS.Signals;
  }
  throw new ZerodropError(`unknown stop signal "${stopSignal}"`, { file: dockerfile, field: 'STOPSIGNAL' });
}

/** Exit code as a container runtime reports it: the code, or 128 + signal number. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  if (signal !== null) return 128 + ((constants.signals as Record<string, number>)[signal] ?? 0);
  return 255;
}
