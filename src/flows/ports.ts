import type { FlowSession } from './token.ts';

/** A bookable date and how many slots are still free on it. */
export interface DateAvailability {
  readonly date: string;
  readonly freeSlots: number;
}

/** A start time of one date: how many can take it (staff members and anonymous units), and which staff. */
export interface TimeAvailability {
  readonly time: string;
  readonly start: number;
  /** The appointment's end (the service's duration after `start`; buffers are not included). */
  readonly end: number;
  readonly free: number;
  /** Ids of the staff members free then, in catalog order (anonymous units are counted in `free` only). */
  readonly staff: readonly string[];
}

/**
 * What a customer is booking: a service (in a catalog without services, a department stands as
 * the service of the same id) at a location, with one staff member or, without `staffId`, anyone.
 */
export interface Choice {
  readonly serviceId: string;
  readonly locationId: string;
  readonly staffId?: string | undefined;
}

/**
 * What the screens ask of availability; storage implements it (booking/). `ignoring` names the booking
 * a rescheduling session moves: its own time counts as free for that customer.
 */
export interface AvailabilityPort {
  /** Dates of the booking window, today first; dates without a free start have `freeSlots: 0`. */
  dates(choice: Choice, now: number, ignoring?: string): Promise<DateAvailability[]>;
  /** Start times of one local date after the minimum notice at which someone is free. */
  times(choice: Choice, date: string, now: number, ignoring?: string): Promise<TimeAvailability[]>;
}

/**
 * The slot a session holds (or held: the hold may have expired). Placing a hold, `staffId` is the
 * staff member the customer chose (undefined: anyone); read back, it is who was assigned.
 */
export interface HeldSlot {
  readonly serviceId: string;
  readonly locationId: string;
  readonly staffId?: string | undefined;
  readonly start: number;
  readonly end: number;
}

export interface CustomerDetails {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly notes: string;
}

/**
 * What the screens ask of bookings. Errors whose `code` is `FB_SLOT_TAKEN` mean nobody is free at
 * that time any more; `FB_BOOKING_LIMIT`, that the customer has as many upcoming bookings as the
 * catalog allows; any other error is a fault.
 */
export interface BookingPort {
  placeHold(input: { session: FlowSession; slot: HeldSlot; now: number }): Promise<void>;
  currentHold(session: FlowSession, now: number): Promise<HeldSlot | undefined>;
  confirm(input: {
    session: FlowSession;
    details: CustomerDetails;
    now: number;
  }): Promise<{ bookingId: string; alreadyConfirmed: boolean }>;
  isUsed(session: FlowSession): Promise<boolean>;
  /**
   * The slot of the confirmed booking a rescheduling session moves (`session.rescheduleOf`), for
   * pre-filling APPOINTMENT; undefined when it moves none or that booking is no longer confirmed.
   */
  bookingToMove(session: FlowSession): Promise<HeldSlot | undefined>;
}

/**
 * What the screens ask of the waitlist (src/waitlist/): a customer for whom no time suits waits for the
 * service at the location (with the person, or anyone) from `fromDate`, for the business's span of days.
 */
export interface WaitlistPort {
  join(input: {
    session: FlowSession;
    serviceId: string;
    locationId: string;
    staffId?: string | undefined;
    /** A local date at the location; the first date of the wait. */
    fromDate: string;
    now: number;
  }): Promise<{ entryId: string }>;
}
