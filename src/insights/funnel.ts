/**
 * The `flow_funnel` table (migration 0024): the furthest step each Flow session reached. The endpoint
 * must not wait for it (docs/benchmarks.md holds its numbers), so steps are gathered in memory, one entry
 * per session, and written by one statement about every second; a session's later step wins whichever
 * process or batch writes it. A failed write is logged and its batch dropped: the funnel is a statistic,
 * the Flow's answers are not delayed or failed for it.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/types.ts';
import { FUNNEL_STEPS, type FunnelPort, type FunnelStep } from '../flows/funnel.ts';
import type { Logger } from '../log.ts';

interface Pending {
  step: FunnelStep;
  locationId: string | undefined;
  startedAt: number;
  reachedAt: number;
}

export interface FunnelRecorder extends FunnelPort {
  /** Resolves once every step gathered before the call is written (the insights route calls it so its figures include the last second). */
  flush(): Promise<void>;
  /** Stops the timer after a last flush. */
  close(): Promise<void>;
}

export interface FunnelRecorderOptions {
  /** How often gathered steps are written; default 1 s. */
  readonly everyMs?: number;
  /** Past this many sessions in memory a write starts at once (when none is in flight); default 5,000. */
  readonly batchSize?: number;
  /**
   * Past this many sessions waiting (besides the batch being written), new sessions are not counted
   * (later steps of sessions already waiting still are), so a database that stops answering cannot grow
   * memory without bound. How many were left out is logged with the next write. Default ten batches.
   */
  readonly maxHeld?: number;
}

const rank = (step: FunnelStep): number => FUNNEL_STEPS.indexOf(step);

/** Sessions are named by the SHA-256 of their flow token (hex): the token itself is never stored. */
export function sessionHash(flowToken: string): string {
  return createHash('sha256').update(flowToken).digest('hex');
}

/**
 * Gathers steps and writes them. One write is in flight at a time: what arrives meanwhile stays merged
 * in memory (a session's later step replaces its earlier one) and goes with the next write.
 */
export function funnelRecorder(db: Queryable, log: Logger, options: FunnelRecorderOptions = {}): FunnelRecorder {
  const { everyMs = 1_000, batchSize = 5_000 } = options;
  const maxHeld = options.maxHeld ?? 10 * batchSize;
  let pending = new Map<string, Pending>();
  let inFlight: Promise<void> | undefined;
  // Writes are numbered as they start; a flush waits for the one that carries what it was called after.
  let started = 0;
  let finished = 0;
  let leftOut = 0;
  const waiting = () => pending.size > 0 || leftOut > 0;

  const write = async (): Promise<void> => {
    const batch = pending;
    const missed = leftOut;
    pending = new Map();
    leftOut = 0;
    if (missed > 0) log.warn({ sessions: missed }, 'flow funnel sessions not counted: the database fell behind');
    if (batch.size === 0) return;
    try {
      await writeBatch(db, batch);
    } catch (error) {
      log.warn({ err: error, sessions: batch.size }, 'flow funnel batch not written');
    }
  };
  const start = (): Promise<void> => {
    started++;
    const running = write().finally(() => {
      finished++;
      inFlight = undefined;
      // A batch that filled while this write was held goes at once, not at the next tick.
      if (pending.size >= batchSize) void start();
    });
    inFlight = running;
    return running;
  };
  const flush = async (): Promise<void> => {
    // What is gathered now goes with the next write to start; with nothing gathered, the one in flight
    // may still carry steps from before this call. Later writes are not waited for, so a flush ends
    // even while new sessions keep arriving.
    const carrier = waiting() ? started + 1 : started;
    while (finished < carrier) await (inFlight ?? start());
  };
  const timer = setInterval(() => {
    if (!inFlight && waiting()) void start();
  }, everyMs);
  timer.unref();
  return {
    reached(flowToken, step, at, locationId) {
      const key = sessionHash(flowToken);
      const seen = pending.get(key);
      if (!seen) {
        if (pending.size >= maxHeld) {
          leftOut++;
          return;
        }
        pending.set(key, { step, locationId, startedAt: at, reachedAt: at });
      } else {
        // `reachedAt` is when the session first reached its furthest step.
        if (rank(step) > rank(seen.step)) {
          seen.step = step;
          seen.reachedAt = at;
        }
        seen.locationId = locationId ?? seen.locationId;
      }
      if (pending.size >= batchSize && !inFlight) void start();
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

async function writeBatch(db: Queryable, batch: Map<string, Pending>): Promise<void> {
  // Rows go in one order in every process, so two processes writing the same sessions lock them in the
  // same order and cannot deadlock on PostgreSQL.
  const rows = [...batch.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // A step never goes back: the stored one stays when it is further (another process, an earlier batch).
  await db.query(
    `INSERT INTO flow_funnel (session_hash, furthest, location_id, started_at, reached_at)
     SELECT hash, furthest, location_id, started_at, reached_at
     FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
          WITH ORDINALITY AS r (hash, furthest, location_id, started_at, reached_at, n)
     ORDER BY n
     ON CONFLICT (session_hash) DO UPDATE SET
       furthest = CASE WHEN array_position($6::text[], EXCLUDED.furthest) > array_position($6::text[], flow_funnel.furthest)
                       THEN EXCLUDED.furthest ELSE flow_funnel.furthest END,
       reached_at = CASE WHEN array_position($6::text[], EXCLUDED.furthest) > array_position($6::text[], flow_funnel.furthest)
                         THEN EXCLUDED.reached_at
                         WHEN EXCLUDED.furthest = flow_funnel.furthest THEN LEAST(EXCLUDED.reached_at, flow_funnel.reached_at)
                         ELSE flow_funnel.reached_at END,
       location_id = COALESCE(EXCLUDED.location_id, flow_funnel.location_id),
       started_at = LEAST(EXCLUDED.started_at, flow_funnel.started_at)`,
    [
      rows.map(([hash]) => hash),
      rows.map(([, p]) => p.step),
      rows.map(([, p]) => p.locationId ?? null),
      rows.map(([, p]) => new Date(p.startedAt)),
      rows.map(([, p]) => new Date(p.reachedAt)),
      FUNNEL_STEPS,
    ],
  );
}

/** How many sessions reached each step or a later one (so a step's count includes everyone past it). */
export type FunnelCounts = Record<FunnelStep, number>;

/**
 * Sessions started in `[from, to)` by the furthest step they reached, counted cumulatively. With
 * `locations`, only sessions that named one of them: a session that left before choosing a location is
 * counted for the whole business only.
 */
export async function funnelCounts(
  q: Queryable,
  range: { readonly from: Date; readonly to: Date; readonly locations?: readonly string[] | undefined },
): Promise<FunnelCounts> {
  const { rows } = await q.query<{ furthest: FunnelStep; n: string }>(
    `SELECT furthest, count(*) AS n FROM flow_funnel
     WHERE started_at >= $1 AND started_at < $2 AND ($3::text[] IS NULL OR location_id = ANY($3::text[]))
     GROUP BY furthest`,
    [range.from, range.to, range.locations ?? null],
  );
  const counts = Object.fromEntries(FUNNEL_STEPS.map((s) => [s, 0])) as FunnelCounts;
  for (const row of rows) {
    for (const step of FUNNEL_STEPS.slice(0, rank(row.furthest) + 1)) counts[step] += Number(row.n);
  }
  return counts;
}

/** Retention (src/privacy/retention.ts): deletes up to `limit` sessions started before `before`. */
export async function pruneFunnel(q: Queryable, before: Date, limit: number): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM flow_funnel WHERE session_hash IN
       (SELECT session_hash FROM flow_funnel WHERE started_at < $1 ORDER BY started_at LIMIT $2)`,
    [before, limit],
  );
  return rowCount;
}
