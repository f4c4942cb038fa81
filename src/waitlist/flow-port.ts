import { addDays } from '../booking/slots.ts';
import { bookingModel } from '../catalog/model.ts';
import type { Catalog } from '../catalog/schema.ts';
import type { Database } from '../db/types.ts';
import type { WaitlistPort } from '../flows/ports.ts';
import { joinWaitlist } from './entries.ts';
import { entryEnd, todayAt } from './offers.ts';

/**
 * The Flow's waitlist port: an entry from the chosen date over the catalog's `waitlist.maxDays`, within the
 * service's booking window (a time further out could not be booked anyway).
 */
export function waitlistPort(db: Database, catalog: () => Catalog): WaitlistPort {
  return {
    async join({ session, serviceId, locationId, staffId, fromDate, now }) {
      const current = catalog();
      const windowDays = bookingModel(current).service(serviceId)?.rules.windowDays ?? current.booking.windowDays;
      const last = addDays(todayAt(current, locationId, now), windowDays - 1);
      const wanted = addDays(fromDate, current.waitlist.maxDays - 1);
      // The earlier of the span's end and the window's, never before the first date (YYYY-MM-DD sorts as dates).
      const end = [wanted, last].sort()[0]!;
      const toDate = [end, fromDate].sort()[1]!;
      const { entry } = await joinWaitlist(db, {
        customerId: session.customer,
        phoneNumberId: session.number,
        language: session.language,
        serviceId,
        locationId,
        staffId,
        fromDate,
        toDate,
        endsAt: entryEnd(current, locationId, toDate),
        now: new Date(now),
      });
      return { entryId: entry.id };
    },
  };
}
