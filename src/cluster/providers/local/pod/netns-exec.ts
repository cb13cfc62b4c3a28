import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

let nsenter: string | undefined;

/** The host's nsenter, found on zerodrop's own PATH (a container's env may carry an image PATH). */
function nsenterPath(): string {
  if (nsenter !== undefined) return nsenter;
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
    if (!dir) continue;
    try {
      accessSync(join(dir, 'nsenter'), constants.X_OK);
      return (nsenter = join(dir, 'nsenter'));
    } catch { /* next */ }
  }
  return (nsenter = 'nsenter');
}

/**
 * argv run inside the pod's network namespace (`nsenter --net=<path> -- argv`: nsenter joins it and
 * execs argv, so the pid stays the same), or argv itself when the pod shares the host network.
 */
export function inNetns(netns: string | undefined, argv: readonly string[]): string[] {
  return netns === undefined ? [...argv] : [nsenterPath(), `--net=${netns}`, '--', ...argv];
}
