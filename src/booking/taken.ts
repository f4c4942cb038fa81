import type { Queryable } from '../db/types.ts';
import type { TakenInterval } from './slots.ts';

/** A taken interval plus what availability needs to age and count it from a cache. */
export interface TakenRow extends TakenInterval {
  /** The appointment's own start (`from` is its block's start, the buffer before included). */
  readonly start: number;
  readonly holdExpiresAt: number | null;
}

/**
 * Everything that occupies the given units and overlaps `[from, to)`: confirmed bookings and holds,
 * buffers included, grouped by unit and sorted by block start. Read from `unit_schedules` (migration
 * 0016: one packed row per unit, kept by triggers in the writing transaction), one row per unit:
 * decoding thousands of booking rows cost more than the answer on the embedded engine. A window that
 * starts before a row's horizon (a clock in the past, as tests set) reads `bookings` itself.
 */
export async function takenRowsOfUnits(
  db: Queryable,
  q: { units: readonly string[]; from: Date; to: Date },
): Promise<Map<string, TakenRow[]>> {
  const byUnit = new Map<string, TakenRow[]>(q.units.map((u) => [u, []]));
  if (q.units.length === 0) return byUnit;
  const { rows } = await db.query<{ unit_id: string; packed: string; recent: boolean }>(
    'SELECT unit_id, packed, horizon <= $2 AS recent FROM unit_schedules WHERE unit_id = ANY($1::text[])',
    [q.units, q.from],
  );
  if (rows.some((r) => !r.recent)) return takenRowsOfUnitsFromBookings(db, q);
  const from = q.from.getTime();
  const to = q.to.getTime();
  for (const r of rows) {
    if (r.packed === '') continue;
    byUnit.set(r.unit_id, unpack(r.unit_id, r.packed, from, to));
  }
  return byUnit;
}

/** The same, read from `bookings` by one range query on `bookings_unit_live`, each unit's rows packed in one string. */
export async function takenRowsOfUnitsFromBookings(
  db: Queryable,
  q: { units: readonly string[]; from: Date; to: Date },
): Promise<Map<string, TakenRow[]>> {
  const byUnit = new Map<string, TakenRow[]>(q.units.map((u) => [u, []]));
  if (q.units.length === 0) return byUnit;
  const { rows } = await db.query<{ unit_id: string; packed: string }>(
    `SELECT unit_id, string_agg(concat_ws(',', ${ms('block_start')}, ${ms('block_end')}, ${ms('start_at')},
       ${ms('hold_expires_at')}), ';' ORDER BY block_start) AS packed
     FROM bookings
     WHERE unit_id = ANY($1::text[]) AND status IN ('held', 'confirmed')
       AND start_at < $3::timestamptz + interval '1 day' AND start_at > $2::timestamptz - interval '1 day'
       AND block_end > $2 AND block_start < $3
     GROUP BY unit_id`,
    [q.units, q.from, q.to],
  );
  for (const r of rows) byUnit.set(r.unit_id, unpack(r.unit_id, r.packed));
  return byUnit;
}

function ms(column: string): string {
  return `(extract(epoch FROM ${column}) * 1000)::bigint`;
}

/** "from,to,start[,holdExpiresAt];…" → rows; one split of the whole string (a split per entry cost more than the query). */
function unpack(unit: string, packed: string, from = -Infinity, to = Infinity): TakenRow[] {
  const rows: TakenRow[] = [];
  let field = 0;
  let entry: number[] = [];
  let at = 0;
  for (let i = 0; i <= packed.length; i++) {
    const c = i < packed.length ? packed.charCodeAt(i) : 59; // ';' ends the last entry
    if (c !== 44 && c !== 59) continue; // ',' and ';'
    entry[field++] = Number(packed.slice(at, i));
    at = i + 1;
    // Only blocks that overlap the window asked about.
    if (c === 59 && entry[1]! > from && entry[0]! < to) {
      rows.push({
        unit,
        from: entry[0]!,
        to: entry[1]!,
        start: entry[2]!,
        holdExpiresAt: field > 3 ? entry[3]! : null,
      });
    }
    if (c === 59) {
      entry = [];
      field = 0;
    }
  }
  return rows;
}

/**
 * The blocks (`unit|from`) that claim a booking: its own and those of holds that would move it. A
 * rescheduling session does not count them as taken: its own time is free to the customer moving
 * it, as the exclusion constraint allows (migration 0010). Asked per answer, never cached.
 */
export async function claimedBlocks(db: Queryable, bookingId: string): Promise<Set<string>> {
  const { rows } = await db.query<{ unit_id: string; from: string }>(
    `SELECT unit_id, ${ms('block_start')} AS from FROM bookings
     WHERE (id = $1::uuid OR moves_booking = $1::uuid) AND status IN ('held', 'confirmed')`,
    [bookingId],
  );
  return new Set(rows.map((r) => `${r.unit_id}|${Number(r.from)}`));
}

/** Keeps the rows still taken at `now` (confirmed, or held with `hold_expires_at >= now`), except the `claimed` blocks. */
export function liveAt<T extends TakenRow>(rows: readonly T[], now: number, claimed?: ReadonlySet<string>): T[] {
  // Most units hold no hold and nobody is rescheduling: nothing to leave out.
  if (!claimed && rows.every((r) => r.holdExpiresAt === null)) return rows as T[];
  return rows.filter(
    (r) => (r.holdExpiresAt === null || r.holdExpiresAt >= now) && !claimed?.has(`${r.unit}|${r.from}`),
  );
}

/** {@link TakenInterval}s (ms, buffers included) of the live bookings of a location × department's units. */
export async function takenIntervals(
  db: Queryable,
  q: { locationId: string; departmentId: string; from: Date; to: Date; now: Date },
): Promise<TakenInterval[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM units WHERE location_id = $1 AND department_id = $2',
    [q.locationId, q.departmentId],
  );
  const byUnit = await takenRowsOfUnits(db, { units: rows.map((r) => r.id), from: q.from, to: q.to });
  return [...byUnit.values()]
    .flatMap((list) => liveAt(list, q.now.getTime()))
    .sort((a, b) => a.from - b.from)
    .map(({ unit, from, to }) => ({ unit, from, to }));
}
