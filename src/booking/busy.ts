import type { Database, Queryable } from '../db/types.ts';

/**
 * The `busy_times` table (migration 0019): stretches in which a unit is taken by something other
 * than a booking, namely a staff member's own calendar (src/calendars/). Availability reads them with
 * the unit's bookings (taken.ts: the same packed schedule, triggers keep it) and a hold skips a unit
 * busy then (holds.ts). Each stretch names its `source`, the calendar object it came from, so one
 * object's change replaces only its own rows.
 */
export interface BusyTime {
  readonly start: Date;
  readonly end: Date;
}

/**
 * Replaces the busy times of `unit` that came from `sources` with `busy` (each with its source), in
 * the caller's transaction. `sources: 'all'` replaces every row of the unit (a calendar read whole).
 * Announces the unit's change after commit is the caller's (`announceBusy`).
 */
export async function replaceBusyTimes(
  tx: Queryable,
  unit: string,
  sources: readonly string[] | 'all',
  busy: readonly (BusyTime & { readonly source: string })[],
): Promise<void> {
  if (sources === 'all') await tx.query('DELETE FROM busy_times WHERE unit_id = $1', [unit]);
  else if (sources.length > 0)
    await tx.query('DELETE FROM busy_times WHERE unit_id = $1 AND source = ANY($2::text[])', [unit, sources]);
  if (busy.length === 0) return;
  await tx.query(
    `INSERT INTO busy_times (unit_id, source, busy_start, busy_end)
     SELECT $1, s, b, e FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS v (s, b, e)`,
    [unit, busy.map((b) => b.source), busy.map((b) => b.start), busy.map((b) => b.end)],
  );
}

/** How many busy stretches `unit` has (for the calendar's status). */
export async function countBusyTimes(q: Queryable, unit: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM busy_times WHERE unit_id = $1', [unit]);
  return rows[0]?.n ?? 0;
}

/** Tells this process's availability cache that `unit`'s schedule changed (call after the commit). */
export function announceBusy(db: Database, unit: string): void {
  db.changed(unit);
}
