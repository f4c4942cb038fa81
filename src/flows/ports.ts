import type { FlowSession } from './token.ts';

/** A bookable date and how many slots are still free on it. */
export interface DateAvailability {
  readonly date: string;
  readonly freeSlots: number;
}

/** A slot of one date and how many units are still free for it. */
export interface TimeAvailability {
  readonly time: string;
  readonly start: number;
  readonly end: number;
  readonly free: number;
}

/**
 * What the screens ask of availability; storage implements it (booking/). `ignoring` names the booking
 * a rescheduling session moves: its own time counts as free for that customer.
 */
export interface AvailabilityPort {
  /** Open dates inside the booking window, after the minimum notice; full ones have `freeSlots: 0`. */
  dates(locationId: string, departmentId: string, now: number, ignoring?: string): Promise<DateAvailability[]>;
  /** Slots of one local date after the minimum notice; full ones have `free: 0`. */
  times(
    locationId: string,
    departmentId: string,
    date: string,
    now: number,
    ignoring?: string,
  ): Promise<TimeAvailability[]>;
}

/** The slot a session holds (or held: the hold may have expired). */
export interface HeldSlot {
  readonly locationId: string;
  readonly departmentId: string;
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
 * What the screens ask of bookings. Errors whose `code` is `FB_SLOT_TAKEN` mean the slot has no
 * free unit left; any other error is a fault.
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
