import type { Queryable } from '../db/types.ts';
import type { TakenInterval } from './slots.ts';

/**
 * What occupies one unit, sorted by block start: per block its start and end (`from`, `to`: the
 * buffers included, half-open, ms), the appointment's own start (NaN for a busy time from the staff
 * member's own calendar, src/calendars/: it is no appointment), and when a hold expires (null for a
 * booking). Kept as numbers in one typed array, not an object per block: availability reads
 * thousands per answer and caches them, and cached objects made each young-generation collection
 * copy megabytes (10 ms pauses in bench/availability.ts); an array of numbers is copied in one move.
 */
export class TakenBlocks {
  static readonly none = new TakenBlocks('', new Float64Array(0));

  constructor(
    readonly unit: string,
    private readonly data: Float64Array,
  ) {}

  get length(): number {
    return this.data.length >> 2;
  }
  from(i: number): number {
    return this.data[i * 4]!;
  }
  to(i: number): number {
    return this.data[i * 4 + 1]!;
  }
  start(i: number): number {
    return this.data[i * 4 + 2]!;
  }
  holdExpiresAt(i: number): number | null {
    const at = this.data[i * 4 + 3]!;
    return Number.isNaN(at) ? null : at;
  }
  /** The blocks `keep` accepts, in order; this same object when it accepts all. */
  filter(keep: (i: number) => boolean): TakenBlocks {
    // Most units hold no hold and nobody is rescheduling: usually nothing is left out.
    let first = 0;
    while (first < this.length && keep(first)) first++;
    if (first === this.length) return this;
    const data = new Float64Array(this.data.length);
    data.set(this.data.subarray(0, first * 4));
    let n = first * 4;
    for (let i = first + 1; i < this.length; i++) {
      if (!keep(i)) continue;
      data.set(this.data.subarray(i * 4, i * 4 + 4), n);
      n += 4;
    }
    return new TakenBlocks(this.unit, data.subarray(0, n));
  }
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
): Promise<Map<string, TakenBlocks>> {
  const byUnit = new Map<string, TakenBlocks>(q.units.map((u) => [u, TakenBlocks.none]));
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
): Promise<Map<string, TakenBlocks>> {
  const byUnit = new Map<string, TakenBlocks>(q.units.map((u) => [u, TakenBlocks.none]));
  if (q.units.length === 0) return byUnit;
  // Busy times in pieces of at most a day, as in unit_schedules (migration 0019).
  const { rows } = await db.query<{ unit_id: string; packed: string }>(
    `SELECT unit_id, string_agg(entry, ';' ORDER BY block_from, block_to) AS packed FROM (
       SELECT unit_id, block_start AS block_from, block_end AS block_to, concat_ws(',', ${ms('block_start')},
         ${ms('block_end')}, ${ms('start_at')}, ${ms('hold_expires_at')}) AS entry
       FROM bookings
       WHERE unit_id = ANY($1::text[]) AND status IN ('held', 'confirmed')
         AND start_at < $3::timestamptz + interval '1 day' AND start_at > $2::timestamptz - interval '1 day'
         AND block_end > $2 AND block_start < $3
       UNION ALL
       SELECT unit_id, piece, least(busy_end, piece + interval '1 day'),
         concat(${ms('piece')}, ',', ${ms("least(busy_end, piece + interval '1 day')")}, ',')
       FROM busy_times, generate_series(busy_start, busy_end - interval '1 microsecond', interval '1 day') AS piece
       WHERE unit_id = ANY($1::text[]) AND busy_end > $2 AND busy_start < $3
     ) AS blocks
     GROUP BY unit_id`,
    [q.units, q.from, q.to],
  );
  for (const r of rows) byUnit.set(r.unit_id, unpack(r.unit_id, r.packed));
  return byUnit;
}

function ms(column: string): string {
  return `(extract(epoch FROM ${column}) * 1000)::bigint`;
}

/**
 * "from,to,start[,holdExpiresAt];…" → blocks. Digits are read as they come, without cutting the
 * string into pieces: a dates answer decodes thousands of numbers, and the pieces cost more than
 * the query (the fields are integers of at most 16 digits, exact in a double).
 */
function unpack(unit: string, packed: string, from = -Infinity, to = Infinity): TakenBlocks {
  if (packed === '') return new TakenBlocks(unit, new Float64Array(0));
  // An entry of three 13-digit instants takes 42 characters: room for one per 24 is ample, and the
  // array grows if shorter numbers (a test's clock near 1970) need more.
  let data = new Float64Array(4 * Math.ceil(packed.length / 24) + 4);
  let n = 0; // numbers written
  let field = 0;
  let value = 0;
  let sign = 1;
  let digits = false;
  for (let i = 0; i <= packed.length; i++) {
    const c = i < packed.length ? packed.charCodeAt(i) : 59; // ';' ends the last entry
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits = true;
      continue;
    }
    if (c === 45) {
      sign = -1; // '-': an instant before 1970
      continue;
    }
    if (c !== 44 && c !== 59) throw new Error(`the schedule of unit ${unit} is malformed at character ${i}`);
    // An empty field is no number: a busy time's appointment start (migration 0019).
    data[n + field++] = digits ? sign * value : Number.NaN;
    value = 0;
    sign = 1;
    digits = false;
    if (field === 4 && c !== 59) throw new Error(`the schedule of unit ${unit} has an entry of over 4 fields`);
    if (c === 59) {
      if (field < 3) throw new Error(`the schedule of unit ${unit} has an entry of ${field} fields`);
      if (field === 3) data[n + 3] = Number.NaN; // no hold expiry: a booking
      // Only blocks that overlap the window asked about.
      if (data[n + 1]! > from && data[n]! < to) n += 4;
      field = 0;
      if (n + 4 > data.length) {
        const larger = new Float64Array(data.length * 2);
        larger.set(data);
        data = larger;
      }
    }
  }
  return new TakenBlocks(unit, n === data.length ? data : data.subarray(0, n));
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

/** Keeps the blocks still taken at `now` (confirmed, or held with `hold_expires_at >= now`), except the `claimed` ones. */
export function liveAt(blocks: TakenBlocks, now: number, claimed?: ReadonlySet<string>): TakenBlocks {
  return blocks.filter((i) => {
    const expires = blocks.holdExpiresAt(i);
    if (expires !== null && expires < now) return false;
    // A busy time is never a booking's block, whatever its start.
    return claimed === undefined || Number.isNaN(blocks.start(i)) || !claimed.has(`${blocks.unit}|${blocks.from(i)}`);
  });
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
  const intervals: TakenInterval[] = [];
  for (const blocks of byUnit.values()) {
    const live = liveAt(blocks, q.now.getTime());
    for (let i = 0; i < live.length; i++) intervals.push({ unit: live.unit, from: live.from(i), to: live.to(i) });
  }
  return intervals.sort((a, b) => a.from - b.from);
}
