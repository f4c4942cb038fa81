/** A booking's lifecycle: held on Continue, confirmed on SUMMARY, else cancelled or expired. */
export type BookingStatus = 'held' | 'confirmed' | 'cancelled' | 'expired';

export const BOOKING_STATUSES: readonly BookingStatus[] = ['held', 'confirmed', 'cancelled', 'expired'];

/** One row of `bookings`, camelCased. Instants are UTC `Date`s. */
export interface Booking {
  readonly id: string;
  readonly unitId: string;
  readonly locationId: string;
  readonly departmentId: string;
  readonly status: BookingStatus;
  readonly start: Date;
  readonly end: Date;
  /** `end` plus the buffer: the unit is busy for `[start, blockEnd)`. */
  readonly blockEnd: Date;
  readonly flowToken: string;
  /** The customer's WhatsApp number (null once erased). */
  readonly customerPhone: string | null;
  readonly language: string | null;
  readonly name: string | null;
  readonly email: string | null;
  /** The phone number as the customer typed it on the DETAILS screen. */
  readonly phone: string | null;
  readonly notes: string | null;
  readonly holdExpiresAt: Date | null;
  readonly cancelReason: string | null;
  /** Set on bookings made by the reminder's Reschedule before reschedules kept the booking (migration 0010). */
  readonly rescheduledFrom: string | null;
  /** On a hold placed by a rescheduling Flow: the booking it would move (migration 0010). */
  readonly movesBooking: string | null;
  /** How many times the booking was moved to another time (its history: booking_reschedules). */
  readonly rescheduleCount: number;
  readonly erasedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly confirmedAt: Date | null;
  readonly cancelledAt: Date | null;
  /** Incremented by every change; compare-and-swap updates check it. */
  readonly version: number;
}

export interface BookingRow {
  id: string;
  unit_id: string;
  location_id: string;
  department_id: string;
  status: BookingStatus;
  start_at: Date;
  end_at: Date;
  block_end: Date;
  flow_token: string;
  customer_phone: string | null;
  language: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  notes: string | null;
  hold_expires_at: Date | null;
  cancel_reason: string | null;
  rescheduled_from: string | null;
  moves_booking: string | null;
  reschedule_count: number;
  erased_at: Date | null;
  created_at: Date;
  updated_at: Date;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
  version: number;
}

export function toBooking(r: BookingRow): Booking {
  return {
    id: r.id,
    unitId: r.unit_id,
    locationId: r.location_id,
    departmentId: r.department_id,
    status: r.status,
    start: r.start_at,
    end: r.end_at,
    blockEnd: r.block_end,
    flowToken: r.flow_token,
    customerPhone: r.customer_phone,
    language: r.language,
    name: r.name,
    email: r.email,
    phone: r.phone,
    notes: r.notes,
    holdExpiresAt: r.hold_expires_at,
    cancelReason: r.cancel_reason,
    rescheduledFrom: r.rescheduled_from,
    movesBooking: r.moves_booking,
    rescheduleCount: r.reschedule_count,
    erasedAt: r.erased_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    confirmedAt: r.confirmed_at,
    cancelledAt: r.cancelled_at,
    version: r.version,
  };
}

/** The cache key of a location × department, as announced through `Database.changed`. */
export function scheduleKey(locationId: string, departmentId: string): string {
  return `${locationId}/${departmentId}`;
}
