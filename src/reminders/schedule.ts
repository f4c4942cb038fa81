import type { BookingHook } from '../booking/hooks.ts';
import type { Booking } from '../booking/rows.ts';
import type { Catalog } from '../catalog/schema.ts';
import type { Queryable } from '../db/types.ts';
import { enqueue, removeQueuedJobs } from '../jobs/registry.ts';
import { recordOutcome } from './outcomes.ts';
import { planReminders } from './plan.ts';

/**
 * The job (and outbound message) key of one reminder: a booking gets one per offset and round (its
 * reschedule count: a moved booking is reminded again of its new time), ever.
 */
export function reminderKey(bookingId: string, offset: string, round = 0): string {
  return round === 0 ? `reminder:${bookingId}:${offset}` : `reminder:${bookingId}:${offset}:${round}`;
}

/**
 * Enqueues a booking's reminder jobs on `tx` (the confirming transaction), keyed by booking + offset;
 * offsets that will not run get their outcome recorded instead. Returns the planned reminders' count.
 */
async function scheduleReminders(
  tx: Queryable,
  booking: Booking,
  offsets: readonly string[],
  now: Date,
): Promise<number> {
  const plan = planReminders(booking.start, offsets, now);
  const round = booking.rescheduleCount;
  for (const p of plan) {
    if (p.action === 'schedule') {
      await enqueue(
        tx,
        'reminder.send',
        { bookingId: booking.id, offset: p.offset, dueAt: p.dueAt.toISOString(), ...(round ? { round } : {}) },
        {
          runAt: p.runAt,
          dedupKey: reminderKey(booking.id, p.offset, round),
          priority: 'bulk',
        },
      );
    } else {
      await recordOutcome(tx, {
        bookingId: booking.id,
        offset: p.offset,
        dueAt: p.dueAt,
        outcome: 'skipped',
        reason: p.reason,
        decidedAt: now,
        round,
      });
    }
  }
  return plan.length;
}

/**
 * Deletes a booking's reminder jobs that have not started (`tx` = the cancelling transaction) and
 * records each as `removed` with `reason`. One already running re-reads the booking, waits for this
 * transaction's row lock, and skips. Returns how many were removed.
 */
async function removeReminders(tx: Queryable, bookingId: string, reason: string, now: Date): Promise<number> {
  const removed = await removeQueuedJobs(tx, 'reminder.send', 'bookingId', bookingId);
  for (const payload of removed) {
    await recordOutcome(tx, {
      bookingId,
      offset: payload.offset,
      dueAt: new Date(payload.dueAt),
      outcome: 'removed',
      reason,
      decidedAt: now,
      round: payload.round,
    });
  }
  return removed.length;
}

/**
 * The booking hook that keeps reminders in step with bookings, in the booking's own transaction:
 * confirmed → scheduled; cancelled → removed; rescheduled → the previous time's removed and the new
 * time's scheduled (the same booking id, the next round). Offsets are read from the catalog each time.
 */
export function remindersHook(catalog: () => Catalog, clock: () => number): BookingHook {
  return async (tx, change) => {
    const now = new Date(clock());
    const offsets = catalog().booking.reminders;
    if (change.kind === 'confirmed') await scheduleReminders(tx, change.booking, offsets, now);
    if (change.kind === 'cancelled') await removeReminders(tx, change.booking.id, 'cancelled', now);
    if (change.kind === 'rescheduled') {
      await removeReminders(tx, change.previous.id, 'rescheduled', now);
      await scheduleReminders(tx, change.booking, offsets, now);
    }
  };
}
