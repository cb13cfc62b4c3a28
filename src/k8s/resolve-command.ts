import { ZerodropError } from '../errors/index.ts';
import type { ImageConfig } from './image/image-config.ts';
import type { Container } from './manifest-types.ts';

/** Where argv[0] came from, so an error can name the Dockerfile instruction or the manifest field. */
export interface CommandSource {
  /** 'manifest' when the container's command/args chose the binary, else 'dockerfile'. */
  origin: 'manifest' | 'dockerfile';
  /** `command`, `args`, `ENTRYPOINT` or `CMD`. */
  field: 'command' | 'args' | 'ENTRYPOINT' | 'CMD';
}

/**
 * The argv Kubernetes runs, by its rules:
 * - `command` replaces the image's ENTRYPOINT, and a `command` without `args` drops CMD;
 * - `args` replaces CMD;
 * - otherwise ENTRYPOINT followed by CMD (a shell-form ENTRYPOINT ignores CMD in effect, as in Docker,
 *   because CMD only becomes `$0...` of `sh -c`).
 */
export function resolveCommand(container: Container, image: Pick<ImageConfig, 'entrypoint' | 'cmd'> & { dockerfile?: string }): string[] {
  const argv =
    container.command !== undefined
      ? [...container.command, ...(container.args ?? [])]
      : [...image.entrypoint, ...(container.args ?? image.cmd)];
  if (argv.length === 0) {
    throw new ZerodropError(
      `container "${container.name}" has no command: neither the manifest (command/args) nor the Dockerfile (ENTRYPOINT/CMD) sets one`,
      {
        file: image.dockerfile,
        field: 'CMD',
      },
    );
  }
  return argv;
}

/** Which field supplied argv[0] of resolveCommand(container, image). */
export function commandSource(container: Container, image: ImageConfig): CommandSource {
  if (container.command !== undefined && container.command.length > 0) return { origin: 'manifest', field: 'command' };
  if (container.command === undefined && image.entrypoint.length > 0) return { origin: 'dockerfile', field: 'ENTRYPOINT' };
  if (container.args !== undefined && container.args.length > 0) return { origin: 'manifest', field: 'args' };
  return { origin: 'dockerfile', field: 'CMD' };
}
