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
  /** Writes what is gathered now (the insights route calls it so its figures include the last second). */
  flush(): Promise<void>;
  /** Stops the timer after a last flush. */
  close(): Promise<void>;
}

const rank = (step: FunnelStep): number => FUNNEL_STEPS.indexOf(step);
/** Past this many sessions in memory a flush starts at once, so a burst cannot grow the map without bound. */
const MAX_PENDING = 5_000;

/** Sessions are named by the SHA-256 of their flow token (hex): the token itself is never stored. */
export function sessionHash(flowToken: string): string {
  return createHash('sha256').update(flowToken).digest('hex');
}

/** Gathers steps and writes them every `everyMs` (default 1 s). */
export function funnelRecorder(db: Queryable, log: Logger, everyMs = 1_000): FunnelRecorder {
  let pending = new Map<string, Pending>();
  let writing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    if (pending.size === 0) return writing;
    const batch = pending;
    pending = new Map();
    writing = writing.then(() =>
      writeBatch(db, batch).catch((error: unknown) => {
        log.warn({ err: error, sessions: batch.size }, 'flow funnel batch not written');
      }),
    );
    return writing;
  };
  const timer = setInterval(() => void flush(), everyMs);
  timer.unref();
  return {
    reached(flowToken, step, at, locationId) {
      const key = sessionHash(flowToken);
      const seen = pending.get(key);
      if (!seen) pending.set(key, { step, locationId, startedAt: at, reachedAt: at });
      else {
        if (rank(step) >= rank(seen.step)) {
          seen.step = step;
          seen.reachedAt = at;
        }
        seen.locationId = locationId ?? seen.locationId;
      }
      if (pending.size >= MAX_PENDING) void flush();
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

async function writeBatch(db: Queryable, batch: Map<string, Pending>): Promise<void> {
  const rows = [...batch.entries()];
  // A step never goes back: the stored one stays when it is further (another process, an earlier batch).
  await db.query(
    `INSERT INTO flow_funnel (session_hash, furthest, location_id, started_at, reached_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
     ON CONFLICT (session_hash) DO UPDATE SET
       furthest = CASE WHEN array_position($6::text[], EXCLUDED.furthest) >= array_position($6::text[], flow_funnel.furthest)
                       THEN EXCLUDED.furthest ELSE flow_funnel.furthest END,
       reached_at = CASE WHEN array_position($6::text[], EXCLUDED.furthest) >= array_position($6::text[], flow_funnel.furthest)
                         THEN EXCLUDED.reached_at ELSE flow_funnel.reached_at END,
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
