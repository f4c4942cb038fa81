import { lockBooking } from '../booking/bookings.ts';
import type { Catalog } from '../catalog/schema.ts';
import { storedLanguage } from '../customers/customers.ts';
import { queueOutbound } from '../messaging/outbox.ts';
import type { Database } from '../db/types.ts';
import type { JobHandlers, JobPayloads } from '../jobs/registry.ts';
import type { Logger } from '../log.ts';
import type { TemplateRegistry } from '../templates/index.ts';
import { templateMessage } from '../whatsapp/messages.ts';
import { reminderLanguage, reminderTemplate } from './message.ts';
import { hasOutcome, recordOutcome, type ReminderOutcomeKind } from './outcomes.ts';
import { decideReminder, LATE_AFTER_MS } from './plan.ts';
import { reminderKey } from './schedule.ts';

export interface ReminderDeps {
  readonly db: Database;
  readonly catalog: () => Catalog;
  readonly templates: TemplateRegistry;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  readonly log: Logger;
  /** Sent later than this after its due time is recorded as `late` (default 5 min). */
  readonly lateAfterMs?: number;
}

/**
 * What firing a reminder did. A reminder due at once (a booking made at short notice) needs no wait for
 * its confirmation: that was queued in the confirming transaction, before this job could run, and the
 * outbox sends one customer's messages in the order they were queued (src/messaging/send.ts).
 */
export type FireResult = ReminderOutcomeKind | 'repeat';

/**
 * The `reminder.send` job. Re-reads the booking under a row lock (a concurrent cancel either commits
 * first and is seen, or waits for this), decides, and in one transaction records the outcome and —
 * when sending — queues `appointment_reminder` through the outbox (rate limits, retries, statuses).
 * A retried job finds the outcome recorded and does nothing. Returns the outcome for logs and tests.
 */
export async function fireReminder(deps: ReminderDeps, payload: JobPayloads['reminder.send']): Promise<FireResult> {
  const now = new Date(deps.clock());
  const dueAt = new Date(payload.dueAt);
  const round = payload.round ?? 0;
  const base = { bookingId: payload.bookingId, offset: payload.offset, dueAt, decidedAt: now, round };
  const result = await deps.db.transaction(async (tx): Promise<FireResult> => {
    const booking = await lockBooking(tx, payload.bookingId);
    if (await hasOutcome(tx, payload.bookingId, payload.offset, round)) return 'repeat';
    // Planned for a time the booking has since left (the move waited for this lock): its round is over.
    const moved = booking !== undefined && booking.rescheduleCount !== round;
    const decision = moved
      ? ({ outcome: 'skip', reason: 'rescheduled' } as const)
      : decideReminder(booking, dueAt, now, deps.lateAfterMs ?? LATE_AFTER_MS);
    if (!booking || decision.outcome === 'skip') {
      // A missing booking cannot have an outcome row (foreign key); the job itself records the skip.
      if (booking)
        await recordOutcome(tx, {
          ...base,
          outcome: 'skipped',
          reason: decision.outcome === 'skip' ? decision.reason : null,
        });
      return 'skipped';
    }
    const phone = booking.customerPhone!;
    const catalog = deps.catalog();
    const language = reminderLanguage(deps.templates, catalog, booking, await storedLanguage(tx, phone));
    let built: ReturnType<typeof reminderTemplate>;
    try {
      built = reminderTemplate(deps.templates, catalog, booking, language);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      await recordOutcome(tx, {
        ...base,
        outcome: 'failed',
        reason: `template: ${typeof code === 'string' ? code : 'error'} (${language})`,
      });
      return 'failed';
    }
    const outboundId = await queueOutbound(tx, {
      dedupKey: reminderKey(booking.id, payload.offset, round),
      kind: 'template',
      customerPhone: phone,
      // From the number the customer booked through (src/catalog/numbers.ts); none recorded → PHONE_NUMBER_ID.
      phoneNumberId: booking.phoneNumberId ?? undefined,
      body: templateMessage(phone, built.template),
      textFallback: built.text,
      bookingId: booking.id,
      // A reminder may wait behind the answers to customers who are writing now (docs/jobs.md).
      priority: 'bulk',
    });
    const late = decision.outcome === 'send' && decision.late;
    await recordOutcome(tx, { ...base, outcome: 'sent', reason: late ? 'late' : null, outboundId });
    return 'sent';
  });
  deps.log.info({ booking: payload.bookingId, offset: payload.offset, outcome: result }, 'reminder');
  return result;
}

/** The reminders' job: `reminder.send`. */
export function reminderJobs(deps: ReminderDeps): Pick<JobHandlers, 'reminder.send'> {
  return {
    'reminder.send': async (payload) => {
      await fireReminder(deps, payload);
    },
  };
}
