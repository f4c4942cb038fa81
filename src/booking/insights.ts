import type { Queryable } from '../db/types.ts';

/** How a booking ended for the insights (docs/console.md): a visit marked arrived counts as completed. */
export const OUTCOMES = ['booked', 'completed', 'no_show', 'cancelled'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Bookings of one local day and hour at their location, by outcome; `started`: the start is before now. */
export interface BookingTally {
  readonly day: string;
  readonly hour: number;
  readonly outcome: Outcome;
  readonly started: boolean;
  readonly count: number;
}

/** A location and the zone its days are counted in (the catalog's `timeZone`). */
export interface LocationZone {
  readonly id: string;
  readonly timeZone: string;
}

const DAY_MS = 86_400_000;

/**
 * Bookings of the locations in $1 (zones in $2) whose start falls on a local day in [$3, $4] at its own
 * location; $5 and $6 are a coarse UTC bound that lets the start index serve whatever the zones (none is
 * more than 14 hours from UTC). Its parameters are `localDayParams`; a statement's own come after them.
 */
const AT_LOCAL_DAYS = `FROM bookings b JOIN unnest($1::text[], $2::text[]) AS z (location_id, zone) ON z.location_id = b.location_id
     WHERE b.start_at >= $5 AND b.start_at < $6
       AND (b.start_at AT TIME ZONE z.zone)::date BETWEEN $3::date AND $4::date`;

function localDayParams(range: {
  readonly from: string;
  readonly to: string;
  readonly locations: readonly LocationZone[];
}): unknown[] {
  return [
    range.locations.map((l) => l.id),
    range.locations.map((l) => l.timeZone),
    range.from,
    range.to,
    new Date(Date.parse(`${range.from}T00:00:00Z`) - DAY_MS),
    new Date(Date.parse(`${range.to}T00:00:00Z`) + 2 * DAY_MS),
  ];
}

/**
 * Confirmed and cancelled bookings (not holds, not expired holds) of `locations` whose start falls on a
 * local day in `[from, to]` (YYYY-MM-DD, both included) at its own location, counted by that day, the
 * local hour and the outcome, in one statement.
 */
export async function bookingTallies(
  q: Queryable,
  range: {
    readonly from: string;
    readonly to: string;
    readonly locations: readonly LocationZone[];
    readonly now: Date;
  },
): Promise<BookingTally[]> {
  if (range.locations.length === 0) return [];
  const { rows } = await q.query<{ day: string; hour: number; outcome: Outcome; started: boolean; n: string }>(
    `SELECT to_char(b.start_at AT TIME ZONE z.zone, 'YYYY-MM-DD') AS day,
            extract(hour FROM b.start_at AT TIME ZONE z.zone)::int AS hour,
            CASE WHEN b.status = 'cancelled' THEN 'cancelled'
                 WHEN b.attendance = 'no_show' THEN 'no_show'
                 WHEN b.attendance IN ('arrived', 'completed') THEN 'completed'
                 ELSE 'booked' END AS outcome,
            b.start_at <= $7 AS started,
            count(*) AS n
     ${AT_LOCAL_DAYS} AND b.status IN ('confirmed', 'cancelled')
     GROUP BY 1, 2, 3, 4`,
    [...localDayParams(range), range.now],
  );
  return rows.map((r) => ({ day: r.day, hour: r.hour, outcome: r.outcome, started: r.started, count: Number(r.n) }));
}

/**
 * The ids of bookings of `locations`, whatever their status, whose start falls on a local day in
 * `[from, to]` at its own location: the bookings whose reminders the insights count.
 */
export async function bookingIdsByLocalDay(
  q: Queryable,
  range: { readonly from: string; readonly to: string; readonly locations: readonly LocationZone[] },
): Promise<string[]> {
  if (range.locations.length === 0) return [];
  const { rows } = await q.query<{ id: string }>(`SELECT b.id ${AT_LOCAL_DAYS}`, localDayParams(range));
  return rows.map((r) => r.id);
}
