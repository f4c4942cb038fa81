import type { Queryable } from '../db/types.ts';
import { SESSION_WORKER_PREFIX, workerLockHeld } from './liveness.ts';
import type { JobName, JobPriority } from './registry.ts';

/**
 * The queue's SQL, one statement per operation. Times are the database's `now()`, so every process
 * agrees on them; delays are relative milliseconds computed by the caller.
 */

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface ClaimedJob {
  readonly id: number;
  readonly name: JobName;
  readonly payload: unknown;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly priority: JobPriority;
  /** How long the job had been due when it was claimed. */
  readonly waitedMs: number;
  /** How long ago it was queued. */
  readonly ageMs: number;
}

export interface JobView {
  readonly id: number;
  readonly name: string;
  readonly state: JobState;
  readonly payload: unknown;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly runAt: string;
  readonly lastError: unknown;
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface JobRow {
  id: string;
  name: string;
  state: JobState;
  payload: unknown;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  last_error: unknown;
  created_at: Date;
  updated_at: Date;
}

const ms = (n: number) => Math.max(0, Math.round(n)) / 1000;

/**
 * Takes up to `limit` due jobs for `workerId` and leases them for `leaseMs`: the interactive lane
 * first, then bulk work with what is left (migration 0014). `SKIP LOCKED` lets several processes claim
 * from one table on a server without waiting on each other. `waitedMs` is how long each was due.
 */
export async function claimJobs(q: Queryable, workerId: string, limit: number, leaseMs: number): Promise<ClaimedJob[]> {
  const { rows } = await q.query<{
    id: string;
    name: JobName;
    payload: unknown;
    attempts: number;
    max_attempts: number;
    priority: number;
    waited_ms: number;
    age_ms: number;
  }>(
    `WITH interactive AS (
       SELECT id FROM jobs WHERE state = 'queued' AND priority = 0 AND run_at <= now()
       ORDER BY run_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
     ), bulk AS (
       SELECT id FROM jobs WHERE state = 'queued' AND priority = 1 AND run_at <= now()
       ORDER BY run_at, id LIMIT $3 - (SELECT count(*) FROM interactive) FOR UPDATE SKIP LOCKED
     )
     UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_by = $1,
       locked_until = now() + make_interval(secs => $2), updated_at = now()
     WHERE id IN (SELECT id FROM interactive UNION ALL SELECT id FROM bulk)
     RETURNING id, name, payload, attempts, max_attempts, priority,
       (extract(epoch FROM now() - run_at) * 1000)::float8 AS waited_ms,
       (extract(epoch FROM now() - created_at) * 1000)::float8 AS age_ms`,
    [workerId, ms(leaseMs), limit],
  );
  return rows
    .map((r) => ({
      id: Number(r.id),
      name: r.name,
      payload: r.payload,
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
      priority: r.priority === 1 ? ('bulk' as const) : ('interactive' as const),
      waitedMs: Math.max(0, Number(r.waited_ms)),
      ageMs: Math.max(0, Number(r.age_ms)),
    }))
    .sort((a, b) => (a.priority === b.priority ? a.id - b.id : a.priority === 'interactive' ? -1 : 1));
}

/**
 * Extends the lease of every job `workerId` is running (the heartbeat): without a session lock the
 * lease is all that tells a live worker from a dead one; with one it is the last resort (docs/jobs.md).
 * Returns how many.
 */
export async function renewLeases(q: Queryable, workerId: string, leaseMs: number): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE jobs SET locked_until = now() + make_interval(secs => $2) WHERE state = 'running' AND locked_by = $1`,
    [workerId, ms(leaseMs)],
  );
  return rowCount;
}

/** Marks a job done (kept for a while, then pruned). */
export async function completeJob(q: Queryable, id: number): Promise<void> {
  await q.query(
    `UPDATE jobs SET state = 'done', locked_by = NULL, locked_until = NULL, updated_at = now() WHERE id = $1`,
    [id],
  );
}

/** Puts a job back to run after `delayMs`; `countAttempt: false` gives the attempt back (a deliberate delay). */
export async function delayJob(q: Queryable, id: number, delayMs: number, countAttempt: boolean): Promise<void> {
  await q.query(
    `UPDATE jobs SET state = 'queued', run_at = now() + make_interval(secs => $2), locked_by = NULL, locked_until = NULL,
       attempts = attempts - CASE WHEN $3 THEN 0 ELSE 1 END, updated_at = now() WHERE id = $1`,
    [id, ms(delayMs), countAttempt],
  );
}

/**
 * Records a failure: queued again after `retryInMs`, or `failed` (kept, visible) when attempts are used up or `final`.
 */
export async function failJob(
  q: Queryable,
  id: number,
  error: unknown,
  retryInMs: number | undefined,
): Promise<JobState> {
  const { rows } = await q.query<{ state: JobState }>(
    `UPDATE jobs SET last_error = $2, locked_by = NULL, locked_until = NULL, updated_at = now(),
       state = CASE WHEN $3::float8 IS NULL OR attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
       run_at = CASE WHEN $3::float8 IS NULL THEN run_at ELSE now() + make_interval(secs => $3::float8) END
     WHERE id = $1 RETURNING state`,
    [id, JSON.stringify(error), retryInMs === undefined ? null : ms(retryInMs)],
  );
  return rows[0]?.state ?? 'failed';
}

/**
 * Returns running jobs to the queue: those of `workerId` (graceful shutdown), or those whose worker
 * is gone (`orphaned`: its session lock is free, src/jobs/liveness.ts, or its lease ran out), or every
 * running job (`all`: at start on the embedded engine, which only one process can open). The
 * interrupted attempt is not counted.
 */
export async function releaseJobs(q: Queryable, which: { workerId: string } | 'orphaned' | 'all'): Promise<number> {
  const where =
    which === 'all'
      ? 'TRUE'
      : which === 'orphaned'
        ? `(locked_until < now() OR (starts_with(locked_by, '${SESSION_WORKER_PREFIX}') AND NOT ${workerLockHeld('locked_by')}))`
        : 'locked_by = $1';
  const { rowCount } = await q.query(
    `UPDATE jobs SET state = 'queued', locked_by = NULL, locked_until = NULL, attempts = GREATEST(attempts - 1, 0), updated_at = now()
     WHERE state = 'running' AND ${where}`,
    typeof which === 'object' ? [which.workerId] : [],
  );
  return rowCount;
}

/** Deletes done jobs older than `olderThanMs`. */
export async function pruneDoneJobs(q: Queryable, olderThanMs: number): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM jobs WHERE state = 'done' AND updated_at < now() - make_interval(secs => $1)`,
    [ms(olderThanMs)],
  );
  return rowCount;
}

/** Jobs in one state, newest first (the admin API's `GET /api/jobs`). */
export async function listJobs(
  q: Queryable,
  filter: { state?: JobState | undefined; limit?: number | undefined },
): Promise<JobView[]> {
  const { rows } = await q.query<JobRow>(
    `SELECT id, name, state, payload, attempts, max_attempts, run_at, last_error, created_at, updated_at FROM jobs
     WHERE ($1::text IS NULL OR state = $1) ORDER BY updated_at DESC, id DESC LIMIT $2`,
    [filter.state ?? null, filter.limit ?? 100],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    state: r.state,
    payload: r.payload,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    runAt: new Date(r.run_at).toISOString(),
    lastError: r.last_error,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

/** Queues a failed job again with fresh attempts; false when no failed job has that id. */
export async function retryFailedJob(q: Queryable, id: number): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE jobs SET state = 'queued', attempts = 0, run_at = now(), updated_at = now() WHERE id = $1 AND state = 'failed'`,
    [id],
  );
  return rowCount > 0;
}

/** Counts per state, for tests and health checks. */
export async function jobCounts(q: Queryable): Promise<Record<JobState, number>> {
  const { rows } = await q.query<{ state: JobState; n: number }>(
    'SELECT state, count(*)::int AS n FROM jobs GROUP BY state',
  );
  const counts: Record<JobState, number> = { queued: 0, running: 0, done: 0, failed: 0 };
  for (const r of rows) counts[r.state] = r.n;
  return counts;
}

/** One row of {@link queueDepth}: jobs of one name in one state (`due`: queued and due now). */
export interface QueueDepth {
  readonly name: string;
  readonly state: 'due' | 'scheduled' | 'running' | 'failed';
  readonly count: number;
}

/** Jobs per name that are due, scheduled for later, running or failed (done ones are not counted), for /metrics. */
export async function queueDepth(q: Queryable): Promise<QueueDepth[]> {
  const { rows } = await q.query<{ name: string; state: QueueDepth['state']; n: number }>(
    `SELECT name, CASE WHEN state <> 'queued' THEN state WHEN run_at <= now() THEN 'due' ELSE 'scheduled' END AS state,
       count(*)::int AS n
     FROM jobs WHERE state <> 'done' GROUP BY 1, 2`,
  );
  return rows.map((r) => ({ name: r.name, state: r.state, count: r.n }));
}

/**
 * Makes the queued jobs of `names` due within the next `withinMs` due now, as if that time had
 * passed (the sandbox's clock control); the count per job name. A job keeps its payload, so a
 * reminder still knows the time it was for.
 */
export async function bringForward(
  q: Queryable,
  names: readonly JobName[],
  withinMs: number,
): Promise<Record<string, number>> {
  const { rows } = await q.query<{ name: string; n: number }>(
    `WITH moved AS (
       UPDATE jobs SET run_at = now()
       WHERE state = 'queued' AND name = ANY($1::text[]) AND run_at > now()
         AND run_at <= now() + make_interval(secs => $2::float8)
       RETURNING name
     )
     SELECT name, count(*)::int AS n FROM moved GROUP BY name`,
    [names, withinMs / 1_000],
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}
