import type { Queryable } from '../db/types.ts';
import type { Booking } from './rows.ts';

/** A committed-together booking change, as seen by a {@link BookingHook}. */
export type BookingChange =
  | { readonly kind: 'confirmed'; readonly booking: Booking }
  | { readonly kind: 'cancelled'; readonly booking: Booking }
  | { readonly kind: 'rescheduled'; readonly booking: Booking; readonly previous: Booking };

/**
 * Runs inside the transaction that makes the change, so whatever it writes (e.g. reminder jobs)
 * commits or rolls back with the change itself. Not called when nothing changed (a repeated confirm).
 */
export type BookingHook = (tx: Queryable, change: BookingChange) => Promise<void>;

/** One hook that runs `hooks` in order in the same transaction; the first that throws rolls the change back. */
export function combineHooks(...hooks: readonly BookingHook[]): BookingHook {
  return async (tx, change) => {
    for (const hook of hooks) await hook(tx, change);
  };
}
