/**
 * The waitlist in the chat: what a customer is told after joining from the Flow, their answers to an offer
 * ("Book it", "Not for me"), and "My waitlist" (the menu row or the word "waitlist"), where they see what they
 * wait for and leave it.
 */
import type { Catalog } from '../catalog/schema.ts';
import { localize } from '../catalog/load.ts';
import { bookingModel } from '../catalog/model.ts';
import { fill, flowStrings } from '../flows/strings.ts';
import { startOfLocalDay } from '../booking/slots.ts';
import { answerTo, reply, type ConversationDeps, type StoredMessage } from '../messaging/context.ts';
import { formatLocal } from '../templates/datetime.ts';
import { MESSAGE_LIMITS } from '../whatsapp/limits.ts';
import { buttonsMessage, listMessage, markRead, textMessage } from '../whatsapp/messages.ts';
import { markAnswered } from '../messaging/inbound.ts';
import { queueOutbound } from '../messaging/outbox.ts';
import { lockEntry, openEntries, setStatus, type WaitlistEntry } from './entries.ts';
import { endOfferJob, OFFER_ACTIONS, passOffer, takeOffer } from './offers.ts';
import { waitlistStrings } from './strings.ts';
import { releaseHold } from '../booking/holds.ts';
import { lockBooking } from '../booking/bookings.ts';
import { announce } from '../booking/rows.ts';

/** Reply ids of "My waitlist": a row asks to leave (`wl_entry`), then `wl_leave` or `wl_keep`. */
export const WAITLIST_ACTIONS = ['wl_entry', 'wl_leave', 'wl_keep', OFFER_ACTIONS.take, OFFER_ACTIONS.pass] as const;

const MAX_ROWS = 10;

/** An entry's service and location titles in the customer's language (ids when the catalog lost them). */
function titles(catalog: Catalog, entry: WaitlistEntry, language: string): { service: string; location: string } {
  const service = bookingModel(catalog).service(entry.serviceId);
  const location = catalog.locations.find((l) => l.id === entry.locationId);
  return {
    service: service ? localize(service.title, language) : entry.serviceId,
    location: location ? localize(location.title, language) : entry.locationId,
  };
}

/** "3 Dec – 9 Dec" (one date when the range is one day), in the customer's language and calendar. */
export function describeDates(catalog: Catalog, entry: WaitlistEntry, language: string): string {
  const timeZone = catalog.locations.find((l) => l.id === entry.locationId)?.timeZone ?? 'UTC';
  // Noon: the same local date whatever the zone's offset.
  const day = (date: string) =>
    formatLocal(language, startOfLocalDay(timeZone, date) + 12 * 3_600_000, {
      day: 'numeric',
      month: 'short',
      timeZone,
    });
  return entry.fromDate === entry.toDate ? day(entry.fromDate) : `${day(entry.fromDate)} – ${day(entry.toDate)}`;
}

/** After joining from the Flow: what they wait for, and how to see or leave it. Marks the completion read. */
export async function confirmJoined(deps: ConversationDeps, message: StoredMessage, entryId: string): Promise<void> {
  const phone = message.customerPhone;
  const entry = (await openEntries(deps.db, phone)).find((e) => e.id === entryId);
  const read = {
    dedupKey: `read:${message.wamid}`,
    kind: 'read' as const,
    customerPhone: phone,
    phoneNumberId: message.phoneNumberId,
    body: markRead(message.wamid),
  };
  if (!entry) return reply(deps, message, [read]);
  const catalog = deps.catalog();
  const t = waitlistStrings(entry.language);
  const text = fill(t.joined, {
    ...titles(catalog, entry, entry.language),
    dates: describeDates(catalog, entry, entry.language),
  });
  await reply(deps, message, [read, answerTo(message, 'text', textMessage(phone, text))]);
}

/**
 * "My waitlist": the open entries as a list (a row asks to leave it). With none, how to join, followed by the
 * booking Flow (`openFlow`) whose APPOINTMENT screen has the link.
 */
export async function showWaitlist(
  deps: ConversationDeps,
  message: StoredMessage,
  language: string,
  openFlow?: () => Promise<void>,
): Promise<void> {
  const phone = message.customerPhone;
  const t = waitlistStrings(language);
  const entries = (await openEntries(deps.db, phone)).slice(0, MAX_ROWS);
  if (entries.length === 0) {
    const none = fill(t.none, { link: flowStrings(language).waitlistLink });
    await reply(deps, message, [answerTo(message, 'text', textMessage(phone, none))]);
    return openFlow?.();
  }
  const catalog = deps.catalog();
  const rows = entries.map((entry) => {
    const { service, location } = titles(catalog, entry, language);
    return {
      id: `wl_entry:${entry.id}`,
      title: clip(service, MESSAGE_LIMITS.rowTitle),
      description: clip(`${location} · ${describeDates(catalog, entry, language)}`, MESSAGE_LIMITS.rowDescription),
    };
  });
  const list = listMessage(phone, { body: t.listBody, button: t.listButton, sections: [{ rows }] });
  await reply(deps, message, [answerTo(message, 'list', list)]);
}

/**
 * A tapped waitlist button or row (`<action>:<id>`), or an offer template's quick reply; false when `action` is
 * none of the waitlist's.
 */
export async function waitlistChoice(
  deps: ConversationDeps,
  message: StoredMessage,
  action: string,
  id: string,
  language: () => Promise<string>,
): Promise<boolean> {
  if (!(WAITLIST_ACTIONS as readonly string[]).includes(action)) return false;
  const phone = message.customerPhone;
  const say = async (text: string) => reply(deps, message, [answerTo(message, 'text', textMessage(phone, text))]);
  if (action === OFFER_ACTIONS.take) {
    const answer = await takeOffer(deps, phone, id, message.profileName);
    const t = waitlistStrings(await language());
    // Booked: the confirmation, queued with the booking, is the answer.
    if (answer.kind === 'booked') await reply(deps, message, []);
    else if (answer.kind === 'limit')
      await say(fill(flowStrings(await language()).errorBookingLimit, { limit: String(answer.limit) }));
    else await say(t.offerGone);
    return true;
  }
  if (action === OFFER_ACTIONS.pass) {
    const t = waitlistStrings(await language());
    // The answer and the pass commit together: a replayed tap finds the message answered.
    await passOffer(deps.db, id, { customerId: phone, now: new Date(deps.clock()) }, async (tx, answer) => {
      const text = answer.kind === 'passed' ? t.passed : t.offerGone;
      await queueOutbound(tx, answerTo(message, 'text', textMessage(phone, text)));
      await markAnswered(tx, message.wamid);
    });
    return true;
  }
  const t = waitlistStrings(await language());
  const entry = (await openEntries(deps.db, phone)).find((e) => e.id === id);
  if (!entry) {
    await showWaitlist(deps, message, await language());
    return true;
  }
  const names = titles(deps.catalog(), entry, await language());
  if (action === 'wl_entry') {
    const buttons = [
      { id: `wl_leave:${entry.id}`, title: t.leave },
      { id: `wl_keep:${entry.id}`, title: t.keep },
    ] as const;
    const ask = buttonsMessage(phone, { body: fill(t.leaveAsk, names), buttons });
    await reply(deps, message, [answerTo(message, 'buttons', ask)]);
    return true;
  }
  if (action === 'wl_keep') {
    await say(t.kept);
    return true;
  }
  await leave(deps, message, entry.id, fill(t.left, names));
  return true;
}

/** Leaves an entry (freeing the time it is offered, if any) and says so, in one transaction. */
async function leave(deps: ConversationDeps, message: StoredMessage, entryId: string, text: string): Promise<void> {
  const now = new Date(deps.clock());
  let freed: string | undefined;
  await reply(deps, message, [answerTo(message, 'text', textMessage(message.customerPhone, text))], async (tx) => {
    const current = (await openEntries(tx, message.customerPhone)).find((e) => e.id === entryId);
    // The booking first, then the entry: the order confirming and passing lock them in.
    if (current?.offerBookingId) await lockBooking(tx, current.offerBookingId);
    const entry = await lockEntry(tx, entryId);
    if (!entry || (entry.status !== 'waiting' && entry.status !== 'offered')) return;
    if (entry.offerBookingId && entry.status === 'offered') {
      freed = await releaseHold(tx, entry.offerBookingId, now);
      await endOfferJob(tx, entry.offerBookingId);
    }
    await setStatus(tx, entry.id, 'left', now);
  });
  announce(deps.db, freed);
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
