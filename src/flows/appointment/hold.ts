import { bookingModel } from '../../catalog/model.ts';
import type { Location } from '../../catalog/schema.ts';
import type { HeldSlot } from '../ports.ts';
import type { FlowContext } from './context.ts';
import { ANYONE } from './screens.ts';

/**
 * The choices of APPOINTMENT as a request carries them; any may be missing. `staff` is the person
 * chosen (flowbook's Flow only); undefined, or "Anyone", books whoever is free.
 */
export interface Choice {
  readonly department?: string | undefined;
  readonly staff?: string | undefined;
  readonly location?: string | undefined;
  readonly date?: string | undefined;
  readonly time?: string | undefined;
}

/** Why a choice could not be held. */
export type HoldRefusal = 'incomplete' | 'unknown' | 'taken' | 'limit';

export type HoldOutcome =
  | { readonly ok: true; readonly slot: HeldSlot }
  /** `slot` is the chosen slot when it exists but has no free unit; `limit`, the customer's limit reached. */
  | { readonly ok: false; readonly reason: HoldRefusal; readonly slot?: HeldSlot; readonly limit?: number };

export function choiceOf(data: Readonly<Record<string, unknown>>): Choice {
  const staff = str(data.staff);
  return {
    department: str(data.department),
    staff: staff === ANYONE ? undefined : staff,
    location: str(data.location),
    date: str(data.date),
    time: str(data.time),
  };
}

/** True when the request names any of the four choices (Meta's template sends them from DETAILS on). */
export function namesChoice(choice: Choice): boolean {
  return Boolean(choice.department || choice.location || choice.date || choice.time);
}

/**
 * Holds the chosen slot of real availability for this session, with the chosen staff member or
 * whoever is free; another slot replaces the session's hold (the customer went back and chose
 * again). The session's own hold on that very slot counts as free: with `renew` it is placed again
 * (a fresh expiry), without it kept as it is, expired or confirmed (at confirmation, which wins an
 * expired hold back and is idempotent). The slot returned names the staff member assigned.
 */
export async function holdChoice(choice: Choice, ctx: FlowContext, options: { renew: boolean }): Promise<HoldOutcome> {
  const { department, staff, location: locationId, date, time } = choice;
  if (!department || !locationId || !date || !time) return { ok: false, reason: 'incomplete' };
  const location = offering(ctx, department, locationId, staff);
  const wanted = { serviceId: department, locationId, staffId: staff };
  const times = location ? await ctx.availability.times(wanted, date, ctx.now, ctx.session.rescheduleOf) : [];
  const found = times.find((s) => s.time === time);
  if (!location || !found) return { ok: false, reason: 'unknown' };
  const slot: HeldSlot = { ...wanted, start: found.start, end: found.end };
  const current = await ctx.bookings.currentHold(ctx.session, ctx.now);
  const own = current !== undefined && sameSlot(current, slot);
  if (own && !options.renew) return { ok: true, slot: current };
  if (!own && found.free === 0) return { ok: false, reason: 'taken', slot };
  try {
    await ctx.bookings.placeHold({ session: ctx.session, slot, now: ctx.now });
  } catch (error) {
    if (isSlotTaken(error)) return { ok: false, reason: 'taken', slot };
    const limit = bookingLimit(error);
    if (limit !== undefined) return { ok: false, reason: 'limit', slot, limit };
    throw error;
  }
  // "Anyone" among staff: the hold names who was assigned (SUMMARY shows the person).
  const assigns = slot.staffId === undefined && bookingModel(ctx.catalog).staffFor(department, locationId).length > 0;
  return { ok: true, slot: (assigns && (await ctx.bookings.currentHold(ctx.session, ctx.now))) || slot };
}

export function isSlotTaken(error: unknown): boolean {
  return codeOf(error) === 'FB_SLOT_TAKEN';
}

/** The limit of a `FB_BOOKING_LIMIT` error (docs/errors.md): how many upcoming bookings the customer may have. */
export function bookingLimit(error: unknown): number | undefined {
  if (codeOf(error) !== 'FB_BOOKING_LIMIT') return undefined;
  const limit = (error as { details?: { limit?: unknown } }).details?.limit;
  return typeof limit === 'number' ? limit : 0;
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

function offering(ctx: FlowContext, serviceId: string, locationId: string, staffId?: string): Location | undefined {
  return bookingModel(ctx.catalog)
    .locationsFor(serviceId, staffId)
    .find((l) => l.id === locationId);
}

/** The same time of the same service; a person chosen must be the one held. */
function sameSlot(held: HeldSlot, wanted: HeldSlot): boolean {
  return (
    held.locationId === wanted.locationId &&
    held.serviceId === wanted.serviceId &&
    held.start === wanted.start &&
    (wanted.staffId === undefined || held.staffId === wanted.staffId)
  );
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
