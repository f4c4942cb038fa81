/** A booking's lifecycle: held on Continue, confirmed on SUMMARY, else cancelled or expired. */
export type BookingStatus = 'held' | 'confirmed' | 'cancelled' | 'expired';

export const BOOKING_STATUSES: readonly BookingStatus[] = ['held', 'confirmed', 'cancelled', 'expired'];

/** One row of `bookings`, camelCased. Instants are UTC `Date`s. */
export interface Booking {
  readonly id: string;
  readonly unitId: string;
  readonly locationId: string;
  /** The service's category (in a catalog without services: the department booked). */
  readonly departmentId: string;
  /** What was booked (in a catalog without services: the department, which stands as the service). */
  readonly serviceId: string;
  /** Who takes it; null on a location's anonymous unit. */
  readonly staffId: string | null;
  /** The price when booked, in thousandths of the currency's major unit (Meta's `amount_1000`). */
  readonly priceAmount1000: number | null;
  readonly priceCurrency: string | null;
  readonly status: BookingStatus;
  readonly start: Date;
  readonly end: Date;
  /** `start` minus the buffer before: the unit is busy for `[blockStart, blockEnd)`. */
  readonly blockStart: Date;
  /** `end` plus the buffer after. */
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
  /** The business number the booking was made through (migration 0017); null: PHONE_NUMBER_ID's. */
  readonly phoneNumberId: string | null;
  /** How many times the booking was moved to another time (its history: booking_reschedules). */
  readonly rescheduleCount: number;
  readonly erasedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly confirmedAt: Date | null;
  readonly cancelledAt: Date | null;
  /** Incremented by every change; compare-and-swap updates check it. */
  readonly version: number;
  /** What the front desk recorded (migration 0021): the customer came, finished, or did not come. */
  readonly attendance: Attendance | null;
  readonly attendanceAt: Date | null;
  /** Where it was made: the customer's Flow, or the front desk for a walk-in or a phone call. */
  readonly source: BookingSource;
  /** The console user who made it (walk-in, phone); null for the customer's own. */
  readonly bookedBy: string | null;
  /** The console user who cancelled it; null when the customer did, or nobody. */
  readonly cancelledBy: string | null;
}

/** A booking's attendance as the front desk marks it. */
export type Attendance = 'arrived' | 'no_show' | 'completed';
export const ATTENDANCES: readonly Attendance[] = ['arrived', 'no_show', 'completed'];

/** Where a booking was made. */
export type BookingSource = 'whatsapp' | 'walk_in' | 'phone';

export interface BookingRow {
  id: string;
  unit_id: string;
  location_id: string;
  department_id: string;
  service_id: string;
  staff_id: string | null;
  price_amount_1000: string | number | null;
  price_currency: string | null;
  status: BookingStatus;
  start_at: Date;
  end_at: Date;
  block_start: Date;
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
  phone_number_id: string | null;
  reschedule_count: number;
  erased_at: Date | null;
  created_at: Date;
  updated_at: Date;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
  version: number;
  attendance: Attendance | null;
  attendance_at: Date | null;
  source: BookingSource;
  booked_by: string | null;
  cancelled_by: string | null;
}

export function toBooking(r: BookingRow): Booking {
  return {
    id: r.id,
    unitId: r.unit_id,
    locationId: r.location_id,
    departmentId: r.department_id,
    serviceId: r.service_id,
    staffId: r.staff_id,
    // bigint arrives as a string from pg; amounts stay far below 2^53.
    priceAmount1000: r.price_amount_1000 === null ? null : Number(r.price_amount_1000),
    priceCurrency: r.price_currency,
    status: r.status,
    start: r.start_at,
    end: r.end_at,
    blockStart: r.block_start,
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
    phoneNumberId: r.phone_number_id ?? null,
    rescheduleCount: r.reschedule_count,
    erasedAt: r.erased_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    confirmedAt: r.confirmed_at,
    cancelledAt: r.cancelled_at,
    version: r.version,
    attendance: r.attendance ?? null,
    attendanceAt: r.attendance_at ?? null,
    source: r.source ?? 'whatsapp',
    bookedBy: r.booked_by ?? null,
    cancelledBy: r.cancelled_by ?? null,
  };
}

/**
 * Announces a write to the units' rows through `Database.changed`, whose keys are unit ids (what
 * availability caches by). Call it after the transaction committed.
 */
export function announce(db: { changed(key: string): void }, ...units: ReadonlyArray<string | null | undefined>): void {
  for (const unit of new Set(units)) if (unit) db.changed(unit);
}
