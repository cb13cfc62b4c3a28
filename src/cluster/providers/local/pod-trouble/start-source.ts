import type { AppSpec } from '../../../../k8s/index.ts';
import { commandSource, resolveCommand } from '../../../../k8s/index.ts';
import { displayPath } from '../../../../util/index.ts';

/** Where a container's start command is written, for an error about the container failing at start. */
export interface StartSource {
  /** The Dockerfile (ENTRYPOINT/CMD chose the command) or the manifest (command/args did). */
  file: string;
  /** `ENTRYPOINT`, `CMD`, or `Deployment/x: spec.template.spec.containers[0].command`. */
  field: string;
  /** The command it runs, as one line (`sh start.sh`), when known. */
  command?: string;
}

/**
 * The start command of container `name` of the app's Deployment and where it comes from: the
 * Dockerfile's ENTRYPOINT or CMD, or the manifest's command or args (also when the image is unknown).
 */
export function startSource(app: AppSpec, name: string): StartSource {
  const m = app.manifests;
  const containers = m.deployment.spec.template.spec.containers;
  const index = Math.max(
    0,
    containers.findIndex((c) => c.name === name),
  );
  const c = containers[index];
  const manifest = (field: string): StartSource => ({
    file: displayPath(m.file),
    field: `Deployment/${m.deployment.metadata.name}: spec.template.spec.containers[${index}].${field}`,
  });
  const image = c === undefined ? undefined : app.images[c.image];
  if (c === undefined || image === undefined) return manifest(c?.command !== undefined ? 'command' : 'image');
  let command: string | undefined;
  try {
    command = resolveCommand(c, image).join(' ');
  } catch {
    command = undefined;
  }
  const src = commandSource(c, image);
  const at = src.origin === 'manifest' ? manifest(src.field) : { file: displayPath(image.dockerfile), field: src.field };
  return { ...at, ...(command === undefined ? {} : { command }) };
}
