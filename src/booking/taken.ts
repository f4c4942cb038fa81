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
 * buffers included, grouped by unit and sorted by block start. One range query on
 * `bookings_unit_live`; a block never spans more than a day (a service ≤ 12 h, buffers ≤ 4 h each),
 * so `start_at > from - 1 day` keeps the index range tight. Each unit's rows come back packed in one
 * string of epoch milliseconds: on the embedded engine, decoding rows (timestamps above all) cost
 * more than the query (bench/availability.ts: 2,000 rows took 21 ms as rows, 9 ms packed).
 */
export async function takenRowsOfUnits(
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

function unpack(unit: string, packed: string): TakenRow[] {
  return packed.split(';').map((entry) => {
    const [from, to, start, holdExpiresAt] = entry.split(',');
    return {
      unit,
      from: Number(from),
      to: Number(to),
      start: Number(start),
      holdExpiresAt: holdExpiresAt === undefined ? null : Number(holdExpiresAt),
    };
  });
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
