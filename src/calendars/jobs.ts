/**
 * The `calendar.sync` job: reads every staff member's own calendar (src/calendars/sources.ts), a few
 * at a time, then asks to run again after the poll interval (without using an attempt). One calendar
 * that fails is recorded and the others are read all the same; a member whose calendar was removed
 * from the catalog stops being blocked by it. One job for the database: with several instances, one
 * of them reads the calendars at a time.
 */
import { enqueue, type JobHandlers } from '../jobs/registry.ts';
import { forgetRemovedCalendars, syncStaffCalendar, type CalendarDeps, type SyncResult } from './sources.ts';

/** Calendars read at once. */
const AT_ONCE = 4;

/** Queues the job once per database (its key is fixed; it then re-queues itself forever). */
export async function scheduleCalendarSync(db: CalendarDeps['db']): Promise<void> {
  // Housekeeping: in the bulk lane, so it never delays an answer to a customer.
  await enqueue(db, 'calendar.sync', {}, { dedupKey: 'calendar.sync', priority: 'bulk' });
}

/** Reads every member's calendar once; what each read did, in catalog order. */
export async function syncAllCalendars(deps: CalendarDeps): Promise<SyncResult[]> {
  const catalog = deps.catalog();
  await forgetRemovedCalendars(deps.db, catalog);
  const members = catalog.staff.filter((m) => m.calendar);
  const results: SyncResult[] = new Array(members.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < members.length; i = next++) {
      const member = members[i]!;
      try {
        results[i] = await syncStaffCalendar(deps, member);
      } catch (error) {
        // The database, not the remote calendar: this one is tried again next time, the others go on.
        deps.log.error({ staff: member.id, err: error }, 'staff calendar read could not be recorded');
        results[i] = { staffId: member.id, ok: false, busy: 0, unchanged: false, error: 'not recorded' };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, members.length) }, lane));
  return results;
}

export function calendarJobs(deps: CalendarDeps & { readonly pollMs: number }): Pick<JobHandlers, 'calendar.sync'> {
  return {
    'calendar.sync': async () => {
      await syncAllCalendars(deps);
      // The worker measures delays on the real clock.
      return { delayUntil: new Date(Date.now() + deps.pollMs) };
    },
  };
}
