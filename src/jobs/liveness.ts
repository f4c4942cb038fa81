/**
 * Which workers are alive, for the queue on a server (docs/jobs.md, "Liveness"). A worker holds a
 * session-level advisory lock named after its id on a connection it keeps for its lifetime. When the
 * process dies (kill -9, a crash), its socket closes and PostgreSQL drops the lock at once; while it
 * lives the lock stays however busy or paused its event loop is, because nothing has to be renewed.
 * Other instances read `pg_locks` to tell a dead worker's running jobs from a live one's.
 */
import type { Queryable } from '../db/types.ts';

/** The first key of the two-key advisory locks ("fjob"); the booking locks use other spaces (src/booking/holds.ts). */
const WORKER_LOCK_SPACE = 0x666a6f62;

/**
 * Worker ids that carry a session lock start with this. A running job whose `locked_by` lacks it
 * belongs to a worker without one (an older version during a rolling deploy, or PGlite), whose
 * liveness only its lease can tell: the reaper must not take its jobs for orphans.
 */
export const SESSION_WORKER_PREFIX = 'ws_';

/**
 * Takes the session lock of `workerId` on `session` without waiting; false when another live session
 * holds it (a 32-bit hash of two ids collided: the caller picks another id).
 */
export async function holdWorkerLock(session: Queryable, workerId: string): Promise<boolean> {
  const { rows } = await session.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS held', [
    WORKER_LOCK_SPACE,
    workerId,
  ]);
  return rows[0]?.held === true;
}

/**
 * An SQL condition, true while a live session in this database holds the lock of the worker named by
 * the column `workerColumn`. A two-key lock appears in `pg_locks` with `classid` = first key,
 * `objid` = second key as an unsigned oid, `objsubid` = 2 (PostgreSQL's "pg_locks" documentation);
 * `hashtext(…)::oid` wraps a negative hash the same way.
 */
export function workerLockHeld(workerColumn: string): string {
  return `EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND l.classid = ${WORKER_LOCK_SPACE}::oid AND l.objid = hashtext(${workerColumn})::oid)`;
}
