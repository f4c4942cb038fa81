/**
 * One process per embedded data directory. PGlite has no locking of its own: two processes on one
 * `DATA_DIR` both serve, and their writes interleave in the same files (measured in issue #21: a
 * capacity-1 slot booked twice, nine indexes corrupt). The lock is a file in the directory naming its
 * holder; a holder that is gone (its pid dead, or reused by another program) leaves a stale lock that
 * the next process takes over.
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirLockedError } from '../errors.ts';

/** The lock file's name inside `DATA_DIR`. */
export const LOCK_FILE = 'flowbook.lock';

/** What the lock file says about its holder. */
export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
  /** The holder's start time as the kernel counts it (`/proc/<pid>/stat`), so a reused pid is not mistaken for it. */
  readonly processStart: string | null;
}

export interface DataDirLock {
  readonly file: string;
  /** Removes the lock file if it is still this process's. */
  release(): void;
}

/** Field 22 of `/proc/<pid>/stat` (clock ticks since boot), or null where there is no procfs. */
function processStartOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' ? (parsed as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `holder` still runs. On another host nothing can be checked, so it counts as running (the
 * operator removes the file once sure). A lock that cannot be read (not flowbook's) is stale.
 */
function holds(holder: LockHolder | undefined): boolean {
  if (!holder) return false;
  if (holder.hostname !== os.hostname()) return true;
  if (!alive(holder.pid)) return false;
  const start = processStartOf(holder.pid);
  return holder.processStart === null || start === null || start === holder.processStart;
}

function describe(holder: LockHolder): string {
  const where = holder.hostname === os.hostname() ? '' : ` on host ${holder.hostname}`;
  return `pid ${holder.pid}${where}, started ${holder.startedAt}`;
}

/**
 * Takes the lock on `dataDir` for this process, or throws {@link DataDirLockedError} naming the live
 * holder and the directory. A stale lock is replaced.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  const me: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    processStart: processStartOf(process.pid),
  };
  // Written aside and hard-linked into place: the lock appears complete or not at all, and link()
  // fails when the name exists, so of two processes starting at once exactly one wins.
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, `${JSON.stringify(me)}\n`, { mode: 0o600 });
  let taken = false;
  try {
    for (let attempt = 0; attempt < 3 && !taken; attempt++) {
      try {
        linkSync(draft, file);
        taken = true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readHolder(file);
        if (holds(holder)) throw new DataDirLockedError(dataDir, describe(holder!));
        // Stale: its holder is gone. Remove it and try again (another starter may win the retry).
        rmSync(file, { force: true });
      }
    }
  } finally {
    rmSync(draft, { force: true });
  }
  if (!taken) {
    const holder = readHolder(file);
    throw new DataDirLockedError(dataDir, holder ? describe(holder) : 'another process starting at the same time');
  }
  return {
    file,
    release() {
      const current = readHolder(file);
      if (current?.pid !== me.pid || current.startedAt !== me.startedAt) return;
      rmSync(file, { force: true });
    },
  };
}
