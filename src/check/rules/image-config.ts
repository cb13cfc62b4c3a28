import { dirname } from 'node:path';
import type { ImageConfig } from '../../k8s/index.ts';
import { dockerfileLines, parseDockerfile } from '../../k8s/index.ts';
import type { CheckTarget, Evidence } from '../types.ts';

const configs = new WeakMap<CheckTarget, ImageConfig | undefined>();

/**
 * The image config the target's Dockerfile builds (ENTRYPOINT, CMD, ENV, WORKDIR, COPY), read by
 * the scenario loader's parseDockerfile; undefined without a Dockerfile (--manifest --image).
 */
export function imageConfigOf(t: CheckTarget): ImageConfig | undefined {
  if (!configs.has(t)) {
    const file = t.build?.dockerfile ?? t.dockerfile?.file;
    configs.set(t, file === undefined ? undefined : parseDockerfile(file, t.build?.context ?? dirname(file)));
  }
  return configs.get(t);
}

/**
 * Evidence at the Dockerfile's last `keyword` instruction (the one in effect), optionally the
 * last one whose arguments pass `match`; undefined when there is none.
 */
export function instructionEvidence(t: CheckTarget, keyword: string, match: (args: string) => boolean = () => true): Evidence | undefined {
  if (!t.dockerfile) return undefined;
  const ins = dockerfileLines(t.dockerfile.text).instructions.findLast((i) => i.keyword === keyword && match(i.args));
  return ins && { file: t.dockerfile.file, line: ins.line, text: `${keyword} ${ins.args}` };
}
