import { accessSync, constants, readlinkSync } from 'node:fs';
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
    } catch {
      /* next */
    }
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

/**
 * argv run as a kubelet exec runs it (a preStop or probe exec): in the pod's network namespace and,
 * when the container is PID 1 of its own PID namespace (host pid `pid1`), in that PID namespace too
 * (and its user namespace, when it has one), so a pid the container wrote down (nginx's pid file)
 * names the same process for the command as for the container. Without `pid1`, inNetns(netns, argv).
 */
export function inPodNamespaces(netns: string | undefined, pid1: number | undefined, argv: readonly string[]): string[] {
  if (pid1 === undefined) return inNetns(netns, argv);
  const net = netns === undefined ? [] : [`--net=${netns}`];
  // --preserve-credentials: the namespace maps the caller already; a fresh setgroups would be denied.
  const user = ownUserNamespace(pid1) ? ['--preserve-credentials', `--user=/proc/${pid1}/ns/user`] : [];
  return [nsenterPath(), ...net, ...user, `--pid=/proc/${pid1}/ns/pid`, '--', ...argv];
}

function ownUserNamespace(pid: number): boolean {
  try {
    return readlinkSync(`/proc/${pid}/ns/user`) !== readlinkSync('/proc/self/ns/user');
  } catch {
    return false;
  }
}
