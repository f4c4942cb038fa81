import { UsageError } from './errors.ts';

/**
 * Runs `io` on a file or folder the user named on the command line. A missing file, a folder
 * where a file was expected or a permission problem is the user's to fix, so it becomes a
 * one-line UsageError (`cannot read keys/pub.pem: no such file`); anything else is rethrown.
 */
export function onUserFile<T>(file: string, verb: 'read' | 'write', io: () => T): T {
  try {
    return io();
  } catch (error) {
    const reason = REASONS[(error as NodeJS.ErrnoException).code ?? ''];
    if (!reason) throw error;
    throw new UsageError(`cannot ${verb} ${file}: ${reason}`, { cause: error });
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  EEXIST: 'it already exists',
};
