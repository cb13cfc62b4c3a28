import { statSync } from 'node:fs';

const REASONS: Record<string, string> = {
  ENOENT: 'file not found',
  EACCES: 'permission denied',
  ELOOP: 'is a symbolic link loop (ELOOP: too many levels of symbolic links)',
  ENOTDIR: 'a component of the path is not a directory',
  ENAMETOOLONG: 'the path is too long',
};

/** A file system error (or its code) as a short phrase for a one-line error (`file not found`, `is a symbolic link loop ...`). */
export function fsReason(err: unknown): string {
  const code = typeof err === 'string' ? err : (err as NodeJS.ErrnoException | undefined)?.code;
  return (code && REASONS[code]) ?? `cannot read (${code ?? String(err)})`;
}

/** True when following `path` meets a symbolic link loop (stat fails with ELOOP). */
export function isSymlinkLoop(path: string): boolean {
  try {
    statSync(path);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ELOOP';
  }
}
