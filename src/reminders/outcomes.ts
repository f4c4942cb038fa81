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

/** The reminders of some bookings by outcome, and the messages of those sent (the insights count their states). */
export interface ReminderOutcomeCounts {
  readonly counts: Record<ReminderOutcomeKind, number>;
  readonly sentMessages: number[];
}

/** Every reminder outcome of `bookingIds` (all rounds), counted by outcome. */
export async function outcomeCounts(q: Queryable, bookingIds: readonly string[]): Promise<ReminderOutcomeCounts> {
  const counts = { sent: 0, skipped: 0, removed: 0, failed: 0 };
  const sentMessages: number[] = [];
  if (bookingIds.length === 0) return { counts, sentMessages };
  const { rows } = await q.query<{ outcome: ReminderOutcomeKind; outbound_id: string | null }>(
    'SELECT outcome, outbound_id FROM reminder_outcomes WHERE booking_id = ANY($1::uuid[])',
    [bookingIds],
  );
  for (const row of rows) {
    counts[row.outcome]++;
    if (row.outcome === 'sent' && row.outbound_id !== null) sentMessages.push(Number(row.outbound_id));
  }
  return { counts, sentMessages };
}
