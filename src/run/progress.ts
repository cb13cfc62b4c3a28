import type { PhaseName } from '../timeline/types.ts';

/** What a run reports while it works; the CLI renders it (live line on a TTY, plain lines otherwise). */
export type ProgressEvent =
  | { type: 'step'; message: string }
  | { type: 'phase'; scenario: string; iteration: number; phase: PhaseName | 'deploy' | 'done'; at: number }
  | { type: 'tick'; scenario: string; iteration: number; requests: number; failures: number };

export type ProgressListener = (e: ProgressEvent) => void;
