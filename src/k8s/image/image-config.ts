/**
 * The image as its Dockerfile declares it, read from the scenario's Dockerfile.
 * Shell form (`CMD node app.ts`) becomes ['/bin/sh', '-c', 'node app.ts'], as Docker does.
 */
export interface ImageConfig {
  /** Path of the Dockerfile. */
  dockerfile: string;
  /** Build context directory (absolute). */
  context: string;
  /** FROM line, as written. */
  from: string;
  entrypoint: string[];
  cmd: string[];
  workdir: string;
  env: Record<string, string>;
  stopSignal?: string;
  /** COPY instructions: sources relative to the context, destination in the image. */
  copies: { sources: string[]; dest: string }[];
}
