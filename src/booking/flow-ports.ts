import { bookingModel } from '../catalog/model.ts';
import type { Catalog } from '../catalog/schema.ts';
import type { Database } from '../db/types.ts';
import type { AvailabilityPort, BookingPort, HeldSlot } from '../flows/ports.ts';
import { localDate } from '../time.ts';
import { providersAt, type Availability } from './availability.ts';
import { bookingOfSession, getBooking } from './bookings.ts';
import { isFlowTokenUsed } from './confirm.ts';
import { UnknownUnitError } from './errors.ts';
import type { BookingHook } from './hooks.ts';
import { placeHold, type CustomerLimits, type HoldRequest } from './holds.ts';
import type { Booking } from './rows.ts';
import { confirmSession } from './session-confirm.ts';
import { addDays, startOfLocalDay } from './slots.ts';

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
      dates: (choice, now, ignoring) => availability.availableDates(catalog(), choice, new Date(now), ignoring),
      times: (choice, date, now, ignoring) =>
        availability.availableTimes(catalog(), choice, date, new Date(now), ignoring),
    },
    bookings: {
      async placeHold({ session, slot, now }) {
        await placeHold(db, {
          ...serviceHold(catalog(), slot, now),
          flowToken: session.id,
          customerPhone: session.customer,
          language: session.language,
          movesBooking: session.rescheduleOf,
          phoneNumberId: session.number,
        });
      },
      async currentHold(session): Promise<HeldSlot | undefined> {
        // An expired hold still names the customer's choice: confirm may win it back (confirm.ts). A
        // rescheduling session's hold is gone once it moved its booking: the booking's slot is the session's.
        const row = await bookingOfSession(db, session.id);
        if (!row || row.status === 'cancelled') return undefined;
        return slotOf(row);
      },
      async confirm({ session, details, now }) {
        // A session minted by a Reschedule (a reminder's, or My appointments') moves that booking (reschedule.ts).
        const held = await bookingOfSession(db, session.id);
        const { booking, alreadyConfirmed } = await confirmSession(
          db,
          {
            flowToken: session.id,
            rescheduleOf: session.rescheduleOf,
            details,
            now: new Date(now),
            limits: held ? limitsOf(catalog(), held.serviceId) : undefined,
          },
          hook,
        );
        return { bookingId: booking.id, alreadyConfirmed };
      },
      isUsed: (session) => usedTokens.isUsed(session.id),
      async bookingToMove(session): Promise<HeldSlot | undefined> {
        const booking = session.rescheduleOf ? await getBooking(db, session.rescheduleOf) : undefined;
        if (booking?.status !== 'confirmed') return undefined;
        return slotOf(booking);
      },
    },
  };
}

function slotOf(booking: Booking): HeldSlot {
  return {
    serviceId: booking.serviceId,
    locationId: booking.locationId,
    staffId: booking.staffId ?? undefined,
    start: booking.start.getTime(),
    end: booking.end.getTime(),
  };
}

/**
 * What a hold of a service's start needs from the catalog: who may take it (the providers whose
 * hours have that start), the local day their bookings are counted on, the blocks' buffers, the
 * price and the customer's limits.
 * @throws UnknownUnitError when the catalog has no such service or location.
 */
export function serviceHold(
  catalog: Catalog,
  slot: HeldSlot,
  now: number,
): Omit<HoldRequest, 'flowToken' | 'customerPhone' | 'language' | 'movesBooking'> {
  const service = bookingModel(catalog).service(slot.serviceId);
  const location = catalog.locations.find((l) => l.id === slot.locationId);
  if (!service || !location) throw new UnknownUnitError(slot.locationId, slot.serviceId, slot.staffId);
  const date = localDate(location.timeZone, slot.start);
  return {
    locationId: location.id,
    departmentId: service.category ?? service.id,
    serviceId: service.id,
    candidates: providersAt(catalog, slot, slot.start).map((p) => ({
      unitId: p.unitId,
      staffId: p.staffId,
      dailyCapacity: p.dailyCapacity,
    })),
    day: {
      from: new Date(startOfLocalDay(location.timeZone, date)),
      to: new Date(startOfLocalDay(location.timeZone, addDays(date, 1))),
    },
    start: new Date(slot.start),
    end: new Date(slot.start + service.durationMinutes * 60_000),
    holdMinutes: service.rules.holdMinutes,
    bufferBeforeMinutes: service.bufferBeforeMinutes,
    bufferMinutes: service.bufferAfterMinutes,
    price: service.price,
    limits: limitsOf(catalog, service.id),
    now: new Date(now),
  };
}

/** The catalog's limits on one customer's upcoming bookings: in all, and of the service. */
export function limitsOf(catalog: Catalog, serviceId: string): CustomerLimits {
  return {
    all: catalog.booking.maxOpenPerCustomer,
    service: bookingModel(catalog).service(serviceId)?.rules.maxOpenPerCustomer,
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
