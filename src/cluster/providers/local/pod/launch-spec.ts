import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { ZerodropError } from '../../../../errors/index.ts';
import type { Container, ImageConfig } from '../../../../k8s/index.ts';
import { commandSource, resolveCommand } from '../../../../k8s/index.ts';
import { containerEnv, expandVars, type PodFields } from './container-env.ts';
import { hostPathFor, imageWorkdir } from './stage-image.ts';

/** Everything needed to spawn one container's entrypoint on the host. */
export interface LaunchSpec {
  /** argv with argv[0] resolved to a host path and image paths mapped into the staged dir. */
  argv: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface LaunchInput {
  container: Container;
  /** Index of the container in spec.containers, for error fields. */
  index: number;
  image: ImageConfig;
  /** The staged image dir (stands for WORKDIR). */
  stagedDir: string;
  pod: PodFields;
  /** The manifest the container came from, if known (named in errors about command/args/env). */
  manifestFile?: string;
}

/** Build the launch spec; a binary that is not on the host is a ZerodropError naming its field. */
export function launchSpec(input: LaunchInput): LaunchSpec {
  const { container, image, stagedDir } = input;
  const field = `spec.template.spec.containers[${input.index}]`;
  const env = containerEnv(container, image, input.pod, { file: input.manifestFile, field });
  const cwd = hostPathFor(container.workingDir ?? imageWorkdir(image), image, stagedDir);
  mkdirSync(cwd, { recursive: true });
  const raw = resolveCommand(container, image);
  // Kubernetes expands $(VAR) in command and args (not in the image's ENTRYPOINT/CMD).
  const start = container.command !== undefined ? 0 : container.args !== undefined ? image.entrypoint.length : raw.length;
  const argv = raw.map((a, i) => (i >= start ? expandVars(a, env) : a)).map((a, i) => (i === 0 ? a : mapArg(a, image, stagedDir)));
  const bin = findBinary(argv[0], image, stagedDir, cwd, env.PATH);
  if (bin === undefined) {
    const src = commandSource(container, image);
    const file = src.origin === 'manifest' ? input.manifestFile : image.dockerfile;
    throw new ZerodropError(
      `binary "${argv[0]}" not found on the host (the embedded runtime runs entrypoints on the host and does not replay RUN lines)`,
      {
        file,
        field: src.origin === 'manifest' ? `${field}.${src.field}` : src.field,
        hint: `install ${basename(argv[0])} on the host PATH`,
      },
    );
  }
  argv[0] = bin;
  return { argv, cwd, env };
}

/**
 * An absolute image path that was staged (e.g. /app/server.ts) becomes its staged host path; inside a
 * longer argument (`sh -c 'node /app/server.ts'`) the WORKDIR prefix of a path is rewritten.
 */
function mapArg(arg: string, image: ImageConfig, stagedDir: string): string {
  if (isAbsolute(arg) && !/\s/.test(arg)) {
    const mapped = hostPathFor(arg, image, stagedDir);
    if (mapped !== stagedDir && existsSync(mapped)) return mapped;
  }
  const workdir = imageWorkdir(image);
  if (workdir === '/') return arg;
  const escaped = workdir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return arg.replace(new RegExp(`(^|[\\s'"=:;(])${escaped}(?=/|$|[\\s'";)])`, 'g'), (_m, pre: string) => `${pre}${stagedDir}`);
}

function findBinary(name: string, image: ImageConfig, stagedDir: string, cwd: string, path: string): string | undefined {
  if (name.includes('/')) {
    const candidates = isAbsolute(name) ? [hostPathFor(name, image, stagedDir), name] : [resolve(cwd, name)];
    const hit = candidates.find(isExecutable);
    if (hit !== undefined) return hit;
    // An absolute path where the image would have installed a tool (e.g. /usr/bin/tini): use the host's.
    return isAbsolute(name) ? searchPath(basename(name), path) : undefined;
  }
  return searchPath(name, path);
}

function searchPath(name: string, path: string): string | undefined {
  for (const dir of path.split(':')) {
    if (dir === '') continue;
    const p = join(dir, name);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

function isExecutable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
