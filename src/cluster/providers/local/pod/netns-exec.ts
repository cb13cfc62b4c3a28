import { accessSync, constants, readlinkSync } from 'node:fs';
import { join } from 'node:path';

const tools = new Map<string, string>();

/** A host tool's path, found on zerodrop's own PATH (a container's env may carry an image PATH). */
function hostTool(name: string): string {
  const known = tools.get(name);
  if (known !== undefined) return known;
  let found = name;
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      found = join(dir, name);
      break;
    } catch {
      /* next */
    }
  }
  tools.set(name, found);
  return found;
}

/** Bind-mounts "$0"/resolv.conf and "$0"/hosts over the host's, then execs the rest (same pid). */
const MOUNT_ETC = 'm=$1; shift; $m -n --bind "$0/resolv.conf" /etc/resolv.conf && $m -n --bind "$0/hosts" /etc/hosts && exec "$@"';

/**
 * argv run inside the pod's network namespace (`nsenter --net=<path> -- argv`: nsenter joins it and
 * execs argv, so the pid stays the same), or argv itself when the pod shares the host network. With
 * `etc` (a dir holding the pod's resolv.conf and hosts), argv also gets a mount namespace of its own
 * in which those two files stand over the host's, as the kubelet mounts them into every container.
 */
export function inNetns(netns: string | undefined, argv: readonly string[], etc?: string): string[] {
  if (netns === undefined) return [...argv];
  const files =
    etc === undefined
      ? []
      : [hostTool('unshare'), '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', MOUNT_ETC, etc, hostTool('mount')];
  return [hostTool('nsenter'), `--net=${netns}`, '--', ...files, ...argv];
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
  return [hostTool('nsenter'), ...net, ...user, `--pid=/proc/${pid1}/ns/pid`, '--', ...argv];
}

function ownUserNamespace(pid: number): boolean {
  try {
    return readlinkSync(`/proc/${pid}/ns/user`) !== readlinkSync('/proc/self/ns/user');
  } catch {
    return false;
  }
}
