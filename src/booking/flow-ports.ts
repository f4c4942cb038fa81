import type { Catalog } from '../catalog/schema.ts';
import type { Database } from '../db/types.ts';
import type { AvailabilityPort, BookingPort, HeldSlot } from '../flows/ports.ts';
import type { Availability } from './availability.ts';
import { bookingOfSession, getBooking } from './bookings.ts';
import { isFlowTokenUsed } from './confirm.ts';
import type { BookingHook } from './hooks.ts';
import { placeHold } from './holds.ts';
import { confirmSession } from './session-confirm.ts';

/**
 * The Flow screens' ports on PostgreSQL storage. Sessions are keyed by the flow token's random id,
 * so a hold, its booking and the used-token record all name the same session.
 */
export function storagePorts(
  db: Database,
  availability: Availability,
  catalog: () => Catalog,
  hook?: BookingHook,
): { availability: AvailabilityPort; bookings: BookingPort } {
  const usedTokens = usedTokenCache(db);
  return {
    availability: {
      dates: (locationId, departmentId, now, ignoring) =>
        availability.availableDates(catalog(), locationId, departmentId, new Date(now), ignoring),
      times: (locationId, departmentId, date, now, ignoring) =>
        availability.availableTimes(catalog(), locationId, departmentId, date, new Date(now), ignoring),
    },
    bookings: {
      async placeHold({ session, slot, now }) {
        const rules = catalog().booking;
        await placeHold(db, {
          flowToken: session.id,
          customerPhone: session.customer,
          language: session.language,
          locationId: slot.locationId,
          departmentId: slot.departmentId,
          start: new Date(slot.start),
          end: new Date(slot.end),
          holdMinutes: rules.holdMinutes,
          bufferMinutes: rules.bufferMinutes,
          now: new Date(now),
          movesBooking: session.rescheduleOf,
        });
      },
      async currentHold(session): Promise<HeldSlot | undefined> {
        // An expired hold still names the customer's choice: confirm may win it back (confirm.ts). A
        // rescheduling session's hold is gone once it moved its booking: the booking's slot is the session's.
        const row = await bookingOfSession(db, session.id);
        if (!row || row.status === 'cancelled') return undefined;
        return {
          locationId: row.locationId,
          departmentId: row.departmentId,
          start: row.start.getTime(),
          end: row.end.getTime(),
        };
      },
      async confirm({ session, details, now }) {
        // A session minted by a Reschedule (a reminder's, or My appointments') moves that booking (reschedule.ts).
        const { booking, alreadyConfirmed } = await confirmSession(
          db,
          {
            flowToken: session.id,
            rescheduleOf: session.rescheduleOf,
            details,
            now: new Date(now),
          },
          hook,
        );
        return { bookingId: booking.id, alreadyConfirmed };
      },
      isUsed: (session) => usedTokens.isUsed(session.id),
      async bookingToMove(session): Promise<HeldSlot | undefined> {
        const booking = session.rescheduleOf ? await getBooking(db, session.rescheduleOf) : undefined;
        if (booking?.status !== 'confirmed') return undefined;
        return {
          locationId: booking.locationId,
          departmentId: booking.departmentId,
          start: booking.start.getTime(),
          end: booking.end.getTime(),
        };
      },
    },
  };
}

const CACHE_LIMIT = 50_000;

/**
 * "Is this session used up?" is asked on every Flow request. A used token stays used, so positive
 * answers are kept. Negative answers are kept only on the embedded engine, where every write is made
 * by this process and announced through `db.onChange`; any write clears them, and an answer whose
 * query overlapped a write is not kept (the generation check).
 */
function usedTokenCache(db: Database) {
  const used = new Set<string>();
  const unused = new Set<string>();
  let generation = 0;
  if (db.kind === 'pglite') {
    db.onChange(() => {
      generation++;
      unused.clear();
    });
  }
  return {
    async isUsed(tokenId: string): Promise<boolean> {
      if (used.has(tokenId)) return true;
      if (unused.has(tokenId)) return false;
      const before = generation;
      const answer = await isFlowTokenUsed(db, tokenId);
      const keep = answer ? used : db.kind === 'pglite' && generation === before ? unused : undefined;
      if (keep) {
        if (keep.size >= CACHE_LIMIT) keep.clear();
        keep.add(tokenId);
      }
      return answer;
    },
  };
}
