/**
 * Offering freed times to the waitlist (issue #19). A time frees (a cancellation, a move, an expired hold, new
 * hours) → `waitlist.match` walks the waiting entries, oldest first, and offers each the first free time of its
 * service, location, person and dates that it has not let pass. An offer is a hold in `bookings` (flow token
 * `waitlist:<entry>:<n>`), placed in one transaction with the entry's claim, the offer message and its expiry
 * job: the exclusion constraint keeps two offers, or an offer and a customer's own booking, off one unit at
 * once, and the claim (`offers` compare-and-swap) keeps two instances from offering one entry two times.
 * "Book it" confirms the hold (the usual confirmation and reminders follow); "Not for me" or the expiry
 * frees it and records the pass, and the next customer's turn comes with the next match.
 */
import type { Availability } from '../booking/availability.ts';
import { getBooking, lockBooking } from '../booking/bookings.ts';
import { confirmBooking } from '../booking/confirm.ts';
import { BookingLimitError, SlotTakenError, UnknownUnitError } from '../booking/errors.ts';
import { limitsOf, serviceHold } from '../booking/flow-ports.ts';
import { placeHold, releaseHold } from '../booking/holds.ts';
import { combineHooks, type BookingHook } from '../booking/hooks.ts';
import { announce, type Booking } from '../booking/rows.ts';
import { startOfLocalDay, addDays } from '../booking/slots.ts';
import type { Catalog } from '../catalog/schema.ts';
import { insideWindow } from '../customers/customers.ts';
import type { Database, Queryable } from '../db/types.ts';
import { fill } from '../flows/strings.ts';
import { enqueue, removeQueuedJobs, type JobHandlers } from '../jobs/registry.ts';
import type { Logger } from '../log.ts';
import { queueOutbound } from '../messaging/outbox.ts';
import { describePlace, describeService, describeWhen, greetingName, zoneOf } from '../messaging/render.ts';
import { SERVICE_WINDOW_MS } from '../messaging/window.ts';
import { buildTemplateSend, previewTemplateSend, TemplateError, type TemplateRegistry } from '../templates/index.ts';
import { formatLocal } from '../templates/datetime.ts';
import { localDate } from '../time.ts';
import { buttonsMessage, templateMessage } from '../whatsapp/messages.ts';
import type { Template } from '../whatsapp/message-types.ts';
import {
  claimForOffer,
  lockEntry,
  lockEntryOfOffer,
  passesOf,
  recordPass,
  requestMatch,
  setStatus,
  waitingEntries,
  type WaitlistEntry,
} from './entries.ts';
import { waitlistStrings } from './strings.ts';

export interface WaitlistDeps {
  readonly db: Database;
  readonly catalog: () => Catalog;
  readonly templates: TemplateRegistry;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  readonly log: Logger;
  /** Runs in the transaction that confirms a taken offer (the confirmation, reminders). */
  readonly bookingHook?: BookingHook | undefined;
}

/** The waiting entries one match run looks at (the oldest first); a longer queue is served over several runs. */
const MATCH_BATCH = 200;
/** Free times tried per entry before it waits for the next run (each may be taken by a racing booking). */
const TRIES_PER_ENTRY = 3;

/** Reply button ids and quick-reply payloads of an offer: `wl_take:<hold id>`, `wl_pass:<hold id>`. */
export const OFFER_ACTIONS = { take: 'wl_take', pass: 'wl_pass' } as const;

/** The template an offer goes as outside the 24-hour window (`templates/waitlist_offer.yaml`). */
export const OFFER_TEMPLATE = 'waitlist_offer';

/** The offer's flow token: one per entry and offer. */
function offerToken(entry: WaitlistEntry): string {
  return `waitlist:${entry.id}:${entry.offers + 1}`;
}

/**
 * One pass over the queue: each waiting entry, oldest first, is offered the first free time it has not let
 * pass. Returns how many offers were made.
 */
export async function matchWaitlist(deps: WaitlistDeps & { readonly availability: Availability }): Promise<number> {
  const now = new Date(deps.clock());
  const entries = await waitingEntries(deps.db, MATCH_BATCH);
  const passes = await passesOf(
    deps.db,
    entries.map((e) => e.id),
  );
  let offered = 0;
  for (const entry of entries) {
    if (!entry.customerId) continue;
    const catalog = deps.catalog();
    const times = await freeTimes(deps.availability, catalog, entry, passes.get(entry.id), now);
    for (const time of times) {
      const outcome = await offer(deps, catalog, entry, time, now);
      if (outcome === 'offered') offered++;
      if (outcome !== 'taken') break;
    }
  }
  if (offered > 0) deps.log.info({ offered }, 'waitlist offers made');
  return offered;
}

/** The first free start times of an entry's dates that it has not let pass (a few, in case some are taken). */
async function freeTimes(
  availability: Availability,
  catalog: Catalog,
  entry: WaitlistEntry,
  passed: ReadonlySet<number> | undefined,
  now: Date,
): Promise<Array<{ start: number; end: number }>> {
  const choice = { serviceId: entry.serviceId, locationId: entry.locationId, staffId: entry.staffId ?? undefined };
  let dates: Awaited<ReturnType<Availability['availableDates']>>;
  try {
    dates = await availability.availableDates(catalog, choice, now);
  } catch (error) {
    // The catalog no longer offers it there (or with that person): nothing to offer until it does again.
    if (error instanceof UnknownUnitError) return [];
    throw error;
  }
  const found: Array<{ start: number; end: number }> = [];
  for (const day of dates) {
    if (day.date < entry.fromDate || day.date > entry.toDate || day.freeSlots === 0) continue;
    for (const time of await availability.availableTimes(catalog, choice, day.date, now)) {
      if (time.free > 0 && !passed?.has(time.start)) found.push({ start: time.start, end: time.end });
      if (found.length >= TRIES_PER_ENTRY) return found;
    }
  }
  return found;
}

class ClaimLost extends Error {}

/**
 * Holds `time` for the entry's customer and, in the same transaction, claims the entry, queues the offer
 * message and the offer's expiry. `taken`: someone else has the time now (try the next); `skipped`: this entry
 * cannot be offered anything now (claimed elsewhere, at its booking limit, or no longer in the catalog).
 */
async function offer(
  deps: WaitlistDeps,
  catalog: Catalog,
  entry: WaitlistEntry,
  time: { start: number; end: number },
  now: Date,
): Promise<'offered' | 'taken' | 'skipped'> {
  const offerMinutes = catalog.waitlist.offerMinutes;
  const expiresAt = new Date(now.getTime() + offerMinutes * 60_000);
  const slot = {
    serviceId: entry.serviceId,
    locationId: entry.locationId,
    staffId: entry.staffId ?? undefined,
    ...time,
  };
  try {
    await placeHold(deps.db, {
      ...serviceHold(catalog, slot, now.getTime()),
      holdMinutes: offerMinutes,
      flowToken: offerToken(entry),
      customerPhone: entry.customerId!,
      language: entry.language,
      phoneNumberId: entry.phoneNumberId ?? undefined,
      onHeld: async (tx, hold) => {
        if (!(await claimForOffer(tx, entry, { bookingId: hold.id, expiresAt, now }))) throw new ClaimLost();
        await enqueue(
          tx,
          'waitlist.offer_expired',
          { bookingId: hold.id },
          { runAt: expiresAt, dedupKey: `waitlist-offer-expired:${hold.id}` },
        );
        await queueOffer(tx, deps, catalog, entry, hold, expiresAt, now);
      },
    });
    return 'offered';
  } catch (error) {
    if (error instanceof SlotTakenError) return 'taken';
    if (error instanceof ClaimLost || error instanceof BookingLimitError || error instanceof UnknownUnitError)
      return 'skipped';
    throw error;
  }
}

/**
 * The offer in the customer's language: reply buttons inside the 24-hour window (with the template to send
 * instead should Meta find it closed), else the `waitlist_offer` template with the same two quick replies. The
 * outbox paces it like any message (Meta's pair rate, docs/protocol.md §7).
 */
async function queueOffer(
  tx: Queryable,
  deps: WaitlistDeps,
  catalog: Catalog,
  entry: WaitlistEntry,
  hold: Booking,
  expiresAt: Date,
  now: Date,
): Promise<void> {
  const phone = entry.customerId!;
  const language = entry.language;
  const t = waitlistStrings(language);
  const timeZone = zoneOf(catalog, hold);
  const body = fill(t.offerBody, {
    service: describeService(catalog, hold, language),
    location: describePlace(catalog, hold, language).location,
    when: describeWhen(catalog, hold, language),
    until: formatLocal(language, expiresAt, { hour: '2-digit', minute: '2-digit', timeZone }),
  });
  const template = offerTemplate(deps.templates, catalog, hold, language);
  const common = {
    dedupKey: `waitlist-offer:${hold.id}`,
    customerPhone: phone,
    phoneNumberId: entry.phoneNumberId ?? undefined,
    bookingId: hold.id,
  };
  if (!template || (await insideWindow(tx, phone, SERVICE_WINDOW_MS, now.getTime()))) {
    const buttons = [
      { id: `${OFFER_ACTIONS.take}:${hold.id}`, title: t.take },
      { id: `${OFFER_ACTIONS.pass}:${hold.id}`, title: t.pass },
    ] as const;
    await queueOutbound(tx, {
      ...common,
      kind: 'buttons',
      body: buttonsMessage(phone, { body, buttons }),
      templateFallback: template?.template,
    });
    return;
  }
  await queueOutbound(tx, {
    ...common,
    kind: 'template',
    body: templateMessage(phone, template.template),
    textFallback: template.text,
  });
}

/** `waitlist_offer` for the hold, or undefined when the business has no such template in the language. */
export function offerTemplate(
  registry: TemplateRegistry,
  catalog: Catalog,
  hold: Booking,
  language: string,
): { template: Template; text: string } | undefined {
  try {
    const timeZone = zoneOf(catalog, hold);
    const send = buildTemplateSend(registry, {
      name: OFFER_TEMPLATE,
      language,
      values: {
        customer_name: greetingName(hold, language),
        service: describeService(catalog, hold, language),
        location: describePlace(catalog, hold, language).location,
        date_time: { kind: 'date_time', at: hold.start, timeZone },
      },
      buttons: { take: `${OFFER_ACTIONS.take}:${hold.id}`, pass: `${OFFER_ACTIONS.pass}:${hold.id}` },
    });
    // The templates module and the message builders type the same wire object separately (docs/protocol.md §7).
    return { template: send as unknown as Template, text: previewTemplateSend(registry, send, timeZone).text };
  } catch (error) {
    if (error instanceof TemplateError) return undefined;
    throw error;
  }
}

/** What a customer's answer to an offer did. */
export type OfferAnswer =
  | { readonly kind: 'booked'; readonly booking: Booking }
  | { readonly kind: 'passed'; readonly entry: WaitlistEntry }
  | { readonly kind: 'gone' }
  | { readonly kind: 'limit'; readonly limit: number };

/**
 * "Book it": the offer's hold becomes the customer's booking (confirmBooking: the confirmation and reminders are
 * queued in the same transaction, and the entry is marked booked there too). A hold past its time is still
 * confirmed when nobody took the time meanwhile. `gone` when the offer is not (or no longer) this customer's.
 */
export async function takeOffer(
  deps: WaitlistDeps,
  customerId: string,
  bookingId: string,
  profileName: string | undefined,
): Promise<OfferAnswer> {
  const hold = await getBooking(deps.db, bookingId);
  if (!hold || hold.customerPhone !== customerId || !hold.flowToken.startsWith('waitlist:')) return { kind: 'gone' };
  if (hold.status === 'confirmed') return { kind: 'booked', booking: hold };
  const now = new Date(deps.clock());
  let offered = true;
  const markBooked: BookingHook = async (tx, change) => {
    const entry = await lockEntryOfOffer(tx, change.booking.id);
    offered = entry?.status === 'offered';
    // The offer ended (let pass or expired) while the customer tapped: the time is not theirs any more.
    if (!entry || !offered) throw new SlotTakenError({ locationId: hold.locationId, serviceId: hold.serviceId });
    await setStatus(tx, entry.id, 'booked', now);
    await endOfferJob(tx, change.booking.id);
  };
  try {
    const { booking } = await confirmBooking(
      deps.db,
      {
        flowToken: hold.flowToken,
        details: { name: profileName ?? '', email: '', phone: customerId },
        now,
        limits: limitsOf(deps.catalog(), hold.serviceId),
      },
      deps.bookingHook ? combineHooks(markBooked, deps.bookingHook) : markBooked,
    );
    return { kind: 'booked', booking };
  } catch (error) {
    if (error instanceof SlotTakenError) return { kind: 'gone' };
    if (error instanceof BookingLimitError) return { kind: 'limit', limit: Number(error.details?.limit ?? 0) };
    throw error;
  }
}

/**
 * "Not for me" (or, with `customerId` undefined, the offer's time ran out): the hold is freed at once, the time
 * recorded as passed for this entry, the entry waits again, and a match gives the time to the next customer.
 * Locks the booking before the entry, as confirming does, so the two cannot deadlock.
 */
export async function passOffer(
  db: Database,
  bookingId: string,
  opts: { readonly customerId?: string | undefined; readonly now: Date },
  after?: (tx: Queryable, answer: OfferAnswer) => Promise<void>,
): Promise<OfferAnswer> {
  let freed: string | undefined;
  const answer = await db.transaction(async (tx): Promise<OfferAnswer> => {
    const answer = await passInTransaction(tx, bookingId, opts);
    if (answer.kind === 'passed') freed = answer.freed;
    await after?.(tx, answer);
    return answer;
  });
  announce(db, freed);
  return answer;
}

async function passInTransaction(
  tx: Queryable,
  bookingId: string,
  opts: { readonly customerId?: string | undefined; readonly now: Date },
): Promise<OfferAnswer & { freed?: string | undefined }> {
  const hold = await lockBooking(tx, bookingId);
  const entry = hold ? await lockEntryOfOffer(tx, bookingId) : undefined;
  if (!hold || !entry || entry.status !== 'offered') return { kind: 'gone' };
  if (opts.customerId !== undefined && hold.customerPhone !== opts.customerId) return { kind: 'gone' };
  const freed = await releaseHold(tx, bookingId, opts.now);
  await endOfferJob(tx, bookingId);
  await recordPass(tx, entry.id, hold.start, opts.now);
  await setStatus(tx, entry.id, 'waiting', opts.now);
  await requestMatch(tx);
  return { kind: 'passed', entry, freed };
}

/**
 * The entry's last date is over: it ends as expired (an offer still open is freed). An entry whose dates were
 * widened since this job was queued waits for the later job.
 */
export async function expireEntry(deps: WaitlistDeps, entryId: string): Promise<boolean> {
  const now = new Date(deps.clock());
  const before = (
    await deps.db.query<{ offer_booking_id: string | null }>(
      'SELECT offer_booking_id FROM waitlist_entries WHERE id = $1',
      [entryId],
    )
  ).rows[0];
  if (!before) return false;
  let freed: string | undefined;
  const expired = await deps.db.transaction(async (tx) => {
    // The booking first, then the entry: the order confirming and passing lock them in.
    if (before.offer_booking_id) await lockBooking(tx, before.offer_booking_id);
    const entry = await lockEntry(tx, entryId);
    if (!entry || (entry.status !== 'waiting' && entry.status !== 'offered')) return false;
    const zone = deps.catalog().locations.find((l) => l.id === entry.locationId)?.timeZone ?? 'UTC';
    if (now.getTime() < startOfLocalDay(zone, addDays(entry.toDate, 1))) return false;
    if (entry.status === 'offered' && entry.offerBookingId) {
      freed = await releaseHold(tx, entry.offerBookingId, now);
      await endOfferJob(tx, entry.offerBookingId);
    }
    await setStatus(tx, entry.id, 'expired', now);
    if (freed) await requestMatch(tx);
    return true;
  });
  announce(deps.db, freed);
  return expired;
}

/**
 * Removes an offer's expiry job once the offer ended otherwise (taken, passed, left, expired with its entry):
 * nothing is left to run out, and the sandbox's clock control does not count it.
 */
export async function endOfferJob(tx: Queryable, bookingId: string): Promise<void> {
  await removeQueuedJobs(tx, 'waitlist.offer_expired', 'bookingId', bookingId);
}

/** When an entry for `toDate` at a location ends: the start of the next local day there. */
export function entryEnd(catalog: Catalog, locationId: string, toDate: string): Date {
  const zone = catalog.locations.find((l) => l.id === locationId)?.timeZone ?? 'UTC';
  return new Date(startOfLocalDay(zone, addDays(toDate, 1)));
}

/** Today at a location, as a local date. */
export function todayAt(catalog: Catalog, locationId: string, now: number): string {
  const zone = catalog.locations.find((l) => l.id === locationId)?.timeZone ?? 'UTC';
  return localDate(zone, now);
}

/**
 * The booking hook: a cancellation or a move frees a time, so the queue is matched again (in the same
 * transaction: the run sees the freed time). A customer who books a service they wait for at that location
 * stops waiting for it.
 */
export function waitlistHook(): BookingHook {
  return async (tx, change) => {
    if (change.kind === 'cancelled' || change.kind === 'rescheduled') return requestMatch(tx);
    const booking = change.booking;
    if (booking.customerPhone === null || booking.flowToken.startsWith('waitlist:')) return;
    await tx.query(
      `UPDATE waitlist_entries SET status = 'booked', offer_booking_id = $4, updated_at = now(), ended_at = now()
       WHERE customer_id = $1 AND service_id = $2 AND location_id = $3 AND status = 'waiting'`,
      [booking.customerPhone, booking.serviceId, booking.locationId, booking.id],
    );
  };
}

/** The waitlist's jobs. */
export function waitlistJobs(
  deps: WaitlistDeps & { readonly availability: Availability },
): Pick<JobHandlers, 'waitlist.match' | 'waitlist.offer_expired' | 'waitlist.expire'> {
  return {
    'waitlist.match': async () => {
      await matchWaitlist(deps);
    },
    'waitlist.offer_expired': async ({ bookingId }) => {
      const answer = await passOffer(deps.db, bookingId, { now: new Date(deps.clock()) });
      if (answer.kind === 'passed') deps.log.info({ entry: answer.entry.id }, 'waitlist offer expired');
    },
    'waitlist.expire': async ({ entryId }) => {
      await expireEntry(deps, entryId);
    },
  };
}
