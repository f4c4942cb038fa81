/**
 * When reminders are due and what happens when they fire: pure functions of the booking, the
 * catalog's offsets and the time. Offsets are **absolute durations** ("24h" = 86,400 s of real time
 * before the start), not wall-clock days: across a DST change the reminder's local time shifts by
 * the hour the clocks moved (docs/reminders.md).
 */

const UNIT_MS = { h: 60 * 60_000, m: 60_000 } as const;

/** `24h` → 86,400,000; `30m` → 1,800,000 (the catalog schema admits only these shapes). */
export function offsetMs(offset: string): number {
  const match = /^(\d+)([hm])$/.exec(offset);
  if (!match) throw new RangeError(`reminder offset ${JSON.stringify(offset)} is not like 24h or 30m`);
  return Number(match[1]) * UNIT_MS[match[2] as 'h' | 'm'];
}

/** What to do with one offset when a booking is confirmed (or moved). */
export type PlannedReminder =
  | { readonly offset: string; readonly dueAt: Date; readonly action: 'schedule'; readonly runAt: Date }
  | { readonly offset: string; readonly dueAt: Date; readonly action: 'skip'; readonly reason: 'superseded' | 'late' };

/**
 * One entry per distinct offset. Due in the future → scheduled at `start − offset`. Already due but
 * the booking has not started → run now; when several are overdue only the one nearest the start runs
 * (the others are `superseded`: a customer who books 1 h ahead gets one reminder, not two at once).
 * Already started → `late`. Equal durations ("2h", "120m") count once (the first spelling wins).
 */
export function planReminders(start: Date, offsets: readonly string[], now: Date): PlannedReminder[] {
  const seen = new Set<number>();
  const distinct: string[] = [];
  for (const offset of offsets) {
    if (seen.has(offsetMs(offset))) continue;
    seen.add(offsetMs(offset));
    distinct.push(offset);
  }
  const overdue = distinct.filter((o) => start.getTime() - offsetMs(o) <= now.getTime());
  const nearest = overdue.reduce<string | undefined>(
    (best, o) => (best === undefined || offsetMs(o) < offsetMs(best) ? o : best),
    undefined,
  );
  return distinct.map((offset): PlannedReminder => {
    const dueAt = new Date(start.getTime() - offsetMs(offset));
    if (now.getTime() >= start.getTime()) return { offset, dueAt, action: 'skip', reason: 'late' };
    if (dueAt.getTime() > now.getTime()) return { offset, dueAt, action: 'schedule', runAt: dueAt };
    return offset === nearest
      ? { offset, dueAt, action: 'schedule', runAt: now }
      : { offset, dueAt, action: 'skip', reason: 'superseded' };
  });
}

/** What a firing reminder does, decided from the booking as it is now. */
export type ReminderDecision =
  | { readonly outcome: 'send'; readonly late: boolean }
  | { readonly outcome: 'skip'; readonly reason: string };

/** How far past its due time a sent reminder is still called on time (the queue polls; 5 min). */
export const LATE_AFTER_MS = 5 * 60_000;

/**
 * At fire time (docs/protocol.md §10: reminders re-check the booking): gone, erased, cancelled or otherwise not
 * confirmed → skipped with the reason; started → skipped `late`; otherwise sent, flagged late when it
 * fires more than `lateAfterMs` after its due time (a queue backlog, or a booking made at short notice).
 */
export function decideReminder(
  booking: { readonly status: string; readonly start: Date; readonly customerPhone: string | null } | undefined,
  dueAt: Date,
  now: Date,
  lateAfterMs = LATE_AFTER_MS,
): ReminderDecision {
  if (!booking) return { outcome: 'skip', reason: 'missing' };
  if (booking.status !== 'confirmed') return { outcome: 'skip', reason: booking.status };
  if (booking.customerPhone === null) return { outcome: 'skip', reason: 'erased' };
  if (now.getTime() >= booking.start.getTime()) return { outcome: 'skip', reason: 'late' };
  return { outcome: 'send', late: now.getTime() - dueAt.getTime() > lateAfterMs };
}
