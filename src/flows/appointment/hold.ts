import { bookingModel } from '../../catalog/model.ts';
import type { Location } from '../../catalog/schema.ts';
import type { HeldSlot } from '../ports.ts';
import type { FlowContext } from './context.ts';

/** The four choices of APPOINTMENT as a request carries them; any may be missing. */
export interface Choice {
  readonly department?: string | undefined;
  readonly location?: string | undefined;
  readonly date?: string | undefined;
  readonly time?: string | undefined;
}

/** Why a choice could not be held. */
export type HoldRefusal = 'incomplete' | 'unknown' | 'taken';

export type HoldOutcome =
  | { readonly ok: true; readonly slot: HeldSlot }
  /** `slot` is the chosen slot when it exists but has no free unit. */
  | { readonly ok: false; readonly reason: HoldRefusal; readonly slot?: HeldSlot };

export function choiceOf(data: Readonly<Record<string, unknown>>): Choice {
  return { department: str(data.department), location: str(data.location), date: str(data.date), time: str(data.time) };
}

/** True when the request names any of the four choices (Meta's template sends them from DETAILS on). */
export function namesChoice(choice: Choice): boolean {
  return Boolean(choice.department || choice.location || choice.date || choice.time);
}

/**
 * Holds the chosen slot of real availability for this session on one unit; another slot replaces
 * the session's hold (the customer went back and chose again). The session's own hold on that very
 * slot counts as free: with `renew` it is placed again (a fresh expiry), without it kept as it is,
 * expired or confirmed (at confirmation, which wins an expired hold back and is idempotent).
 */
export async function holdChoice(choice: Choice, ctx: FlowContext, options: { renew: boolean }): Promise<HoldOutcome> {
  const { department, location: locationId, date, time } = choice;
  if (!department || !locationId || !date || !time) return { ok: false, reason: 'incomplete' };
  const location = offering(ctx, department, locationId);
  const times = location
    ? await ctx.availability.times(
        { serviceId: department, locationId: location.id },
        date,
        ctx.now,
        ctx.session.rescheduleOf,
      )
    : [];
  const found = times.find((s) => s.time === time);
  if (!location || !found) return { ok: false, reason: 'unknown' };
  const slot: HeldSlot = { serviceId: department, locationId: location.id, start: found.start, end: found.end };
  const current = await ctx.bookings.currentHold(ctx.session, ctx.now);
  const own = current !== undefined && sameSlot(current, slot);
  if (own && !options.renew) return { ok: true, slot: current };
  if (!own && found.free === 0) return { ok: false, reason: 'taken', slot };
  try {
    await ctx.bookings.placeHold({ session: ctx.session, slot, now: ctx.now });
  } catch (error) {
    if (isSlotTaken(error)) return { ok: false, reason: 'taken', slot };
    throw error;
  }
  return { ok: true, slot };
}

export function isSlotTaken(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'FB_SLOT_TAKEN';
}

function offering(ctx: FlowContext, serviceId: string, locationId: string): Location | undefined {
  return bookingModel(ctx.catalog)
    .locationsFor(serviceId)
    .find((l) => l.id === locationId);
}

function sameSlot(a: HeldSlot, b: HeldSlot): boolean {
  return a.locationId === b.locationId && a.serviceId === b.serviceId && a.start === b.start;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
