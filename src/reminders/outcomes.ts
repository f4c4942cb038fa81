import type { Queryable } from '../db/types.ts';

export type ReminderOutcomeKind = 'sent' | 'skipped' | 'removed' | 'failed';

export interface ReminderOutcome {
  readonly bookingId: string;
  readonly offset: string;
  readonly dueAt: Date;
  readonly outcome: ReminderOutcomeKind;
  readonly reason: string | null;
  readonly outboundId: number | null;
  readonly decidedAt: Date;
  /** The booking's reschedule count the reminder was planned for (0 until it is moved). */
  readonly round: number;
}

/** Records a reminder's final outcome once; returns false when one was already recorded. */
export async function recordOutcome(
  tx: Queryable,
  o: Omit<ReminderOutcome, 'outboundId' | 'round'> & { outboundId?: number | undefined; round?: number | undefined },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO reminder_outcomes (booking_id, offset_label, due_at, outcome, reason, outbound_id, decided_at, round)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (booking_id, offset_label, round) DO NOTHING`,
    [o.bookingId, o.offset, o.dueAt, o.outcome, o.reason, o.outboundId ?? null, o.decidedAt, o.round ?? 0],
  );
  return rowCount > 0;
}

/** Whether a reminder already has its outcome (a retried job then does nothing). */
export async function hasOutcome(tx: Queryable, bookingId: string, offset: string, round = 0): Promise<boolean> {
  const { rows } = await tx.query(
    'SELECT 1 FROM reminder_outcomes WHERE booking_id = $1 AND offset_label = $2 AND round = $3',
    [bookingId, offset, round],
  );
  return rows.length > 0;
}

/** A booking's reminder outcomes, earliest due first (tests, the admin API, support). */
export async function reminderOutcomes(q: Queryable, bookingId: string): Promise<ReminderOutcome[]> {
  const { rows } = await q.query<{
    booking_id: string;
    offset_label: string;
    due_at: Date;
    outcome: ReminderOutcomeKind;
    reason: string | null;
    outbound_id: string | null;
    decided_at: Date;
    round: number;
  }>('SELECT * FROM reminder_outcomes WHERE booking_id = $1 ORDER BY round, due_at, offset_label', [bookingId]);
  return rows.map((r) => ({
    bookingId: r.booking_id,
    offset: r.offset_label,
    dueAt: new Date(r.due_at),
    outcome: r.outcome,
    reason: r.reason,
    outboundId: r.outbound_id === null ? null : Number(r.outbound_id),
    decidedAt: new Date(r.decided_at),
    round: r.round,
  }));
}

/** Reminders of the bookings in an insights range by outcome, and of those sent, how many were delivered and read. */
export interface ReminderTally {
  readonly sent: number;
  readonly skipped: number;
  readonly removed: number;
  readonly failed: number;
  readonly delivered: number;
  readonly read: number;
}

/**
 * The reminder outcomes of bookings at `locations` whose start is on a local day in `[from, to]` there
 * (the same bookings as src/booking/insights.ts counts), with the delivery state of each sent message.
 */
export async function reminderTallies(
  q: Queryable,
  range: {
    readonly from: string;
    readonly to: string;
    readonly locations: readonly { readonly id: string; readonly timeZone: string }[];
  },
): Promise<ReminderTally> {
  const tally = { sent: 0, skipped: 0, removed: 0, failed: 0, delivered: 0, read: 0 };
  if (range.locations.length === 0) return tally;
  const { rows } = await q.query<{ outcome: ReminderOutcomeKind; state: string | null; n: string }>(
    `SELECT r.outcome, o.state, count(*) AS n
     FROM reminder_outcomes r
     JOIN bookings b ON b.id = r.booking_id
     JOIN unnest($1::text[], $2::text[]) AS z (location_id, zone) ON z.location_id = b.location_id
     LEFT JOIN outbound_messages o ON o.id = r.outbound_id
     WHERE b.start_at >= $3::date - 1 AND b.start_at < $4::date + 2
       AND (b.start_at AT TIME ZONE z.zone)::date BETWEEN $3::date AND $4::date
     GROUP BY 1, 2`,
    [range.locations.map((l) => l.id), range.locations.map((l) => l.timeZone), range.from, range.to],
  );
  for (const row of rows) {
    const n = Number(row.n);
    tally[row.outcome] += n;
    if (row.outcome !== 'sent') continue;
    if (row.state === 'delivered' || row.state === 'read') tally.delivered += n;
    if (row.state === 'read') tally.read += n;
  }
  return tally;
}
