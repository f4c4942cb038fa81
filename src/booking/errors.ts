import { ConflictError, FlowbookError } from '../errors.ts';

/** Every unit is taken for the chosen time (or the expired hold's time was taken meanwhile). */
export class SlotTakenError extends ConflictError {
  constructor(details?: Record<string, unknown>) {
    super('FB_SLOT_TAKEN', 'That time is no longer available', details);
  }
}

/** Confirmation for a flow token that holds nothing (never held, or already replaced). */
export class HoldMissingError extends ConflictError {
  constructor() {
    super('FB_HOLD_MISSING', 'There is no hold for this flow token');
  }
}

/** A compare-and-swap status change found the booking in another state (or version). */
export class BookingStateError extends ConflictError {
  constructor(status: string, wanted: string) {
    super('FB_BOOKING_STATE', `Booking is ${status}; cannot ${wanted}`, { status });
  }
}

/** Nobody in the catalog takes this service (or department) at this location (with this staff member). */
export class UnknownUnitError extends FlowbookError {
  constructor(locationId: string, serviceId: string, staffId?: string) {
    super('FB_UNKNOWN_UNIT', 'Nobody takes this service at this location', {
      details: { locationId, serviceId, ...(staffId === undefined ? {} : { staffId }) },
    });
  }
}

/** The customer already has as many upcoming bookings as the catalog allows (of this service, or in all). */
export class BookingLimitError extends ConflictError {
  constructor(limit: number, serviceId?: string) {
    super('FB_BOOKING_LIMIT', 'The customer already has the most upcoming bookings allowed', {
      limit,
      ...(serviceId === undefined ? {} : { serviceId }),
    });
  }
}

/** SQLSTATE 23P01: an exclusion constraint (our no-overlap rule, docs/protocol.md §10) refused the row. */
export function isExclusionViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23P01';
}
