/**
 * Linux capability bookkeeping for the runc wrapper: which capabilities Docker asks for when a
 * container is privileged but this machine's capability bounding set does not hold.
 */

/** Capability names by bit number (linux/capability.h). */
export const CAPABILITY_NAMES: readonly string[] = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
];

/** Parses a hex mask as printed in /proc/<pid>/status (`CapBnd:\t000001fffeffffff`). */
export function parseCapMask(hex: string): bigint {
  const clean = hex.trim().toLowerCase();
  if (!/^[0-9a-f]{1,16}$/.test(clean)) throw new Error(`not a capability mask: ${JSON.stringify(hex)}`);
  return BigInt(`0x${clean}`);
}

/** Reads the `CapBnd` line out of the text of /proc/self/status. */
export function boundingSetFromStatus(status: string): bigint {
  const m = /^CapBnd:\s*([0-9a-fA-F]+)\s*$/m.exec(status);
  if (!m) throw new Error('no CapBnd line in process status');
  return parseCapMask(m[1]!);
}

/**
 * Capabilities up to `lastCap` (/proc/sys/kernel/cap_last_cap) that the bounding set lacks.
 * A privileged container asks for all of them, and runc fails with "unable to apply caps".
 */
export function missingCapabilities(bounding: bigint, lastCap: number = CAPABILITY_NAMES.length - 1): string[] {
  const out: string[] = [];
  const top = Math.min(lastCap, CAPABILITY_NAMES.length - 1);
  for (let bit = 0; bit <= top; bit++) {
    if ((bounding & (1n << BigInt(bit))) === 0n) out.push(CAPABILITY_NAMES[bit]!);
  }
  return out;
}
