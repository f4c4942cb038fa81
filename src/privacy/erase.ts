/**
 * Erasing a customer everywhere (issue #21): each table is redacted by the module that owns it, all in one
 * transaction, so an erasure is whole or does not happen. Bookings keep their times (capacity and history
 * stay right) and lose the person; messages keep their ids (replays stay replays) and lose their content;
 * raw webhook bodies lose the customer's contacts, messages and statuses; handoffs and dead letters about
 * them go, and so do their waitlist entries; the customer row goes last.
 */
import { eraseCustomer as eraseCustomerBookings } from '../booking/bookings.ts';
import { customerIdentity } from '../customers/customers.ts';
import { joinTransaction, type Database } from '../db/types.ts';
import { eraseCustomerHandoffs } from '../handoff/handoffs.ts';
import { eraseCustomerInbound, profileNamesOf } from '../messaging/inbound.ts';
import { eraseCustomerOutbound } from '../messaging/outbox.ts';
import { eraseFromWebhook } from '../webhook/erase.ts';
import { eraseCustomerWaitlist } from '../waitlist/entries.ts';

/** How many rows of each kind an erasure changed. */
export interface ErasureReport {
  readonly erasedBookings: number;
  readonly inboundMessages: number;
  readonly outboundMessages: number;
  readonly handoffs: number;
  readonly webhookDeliveries: number;
  readonly webhookEvents: number;
  readonly deadLetters: number;
  readonly waitlistEntries: number;
}

/**
 * Erases the customer named by `customerId` (a phone number, with or without `+`, or a BSUID) from every
 * table. A customer without a row is still looked for under that id (their messages may remain).
 */
export async function eraseCustomerEverywhere(db: Database, customerId: string, now: Date): Promise<ErasureReport> {
  const asked = customerId.replace(/^\+(?=\d)/, '');
  return db.transaction(async (tx) => {
    const who = await customerIdentity(tx, asked);
    const id = who?.id ?? asked;
    const ids = [id, who?.phone, who?.userId, who?.parentUserId, who?.username].filter(
      (v): v is string => v !== undefined,
    );
    const names = [...(await profileNamesOf(tx, id)), ...(who?.username ? [who.username.replace(/^@/, '')] : [])];
    const webhook = await eraseFromWebhook(tx, { ids: [...new Set(ids)], names });
    const inboundMessages = await eraseCustomerInbound(tx, id);
    const outboundMessages = await eraseCustomerOutbound(tx, id);
    const handoffs = await eraseCustomerHandoffs(tx, id);
    const waitlistEntries = await eraseCustomerWaitlist(tx, id);
    // The booking module's erasure opens its own transaction: joined to this one, it commits with the rest.
    const erasedBookings = await eraseCustomerBookings(joinTransaction(db, tx), id, now);
    return {
      erasedBookings,
      inboundMessages,
      outboundMessages,
      handoffs,
      webhookDeliveries: webhook.deliveries,
      webhookEvents: webhook.events,
      deadLetters: webhook.deadLetters,
      waitlistEntries,
    };
  });
}
