/**
 * Who wrote (docs/protocol.md §11.1): a webhook names a customer by a phone number, a BSUID, or both.
 * Both in one webhook link them; a customer known under each separately becomes one. A number change
 * (`system` `user_changed_number`, §11.4) moves the customer to the new id. Each table is moved by its
 * owner; this module only says when.
 */
import { moveCustomerBookings } from '../booking/bookings.ts';
import {
  customerReach,
  customersNamed,
  replaceUserId,
  linkCustomer,
  mergeCustomers,
  renameCustomer,
  type CustomerIds,
} from '../customers/customers.ts';
import type { Queryable } from '../db/types.ts';
import { moveCustomerHandoffs } from '../handoff/handoffs.ts';
import { moveCustomerWaitlist } from '../waitlist/entries.ts';
import { customerTag, type Logger } from '../log.ts';
import { moveCustomerInbound } from '../messaging/inbound.ts';
import { moveCustomerOutbound } from '../messaging/outbox.ts';
import { isBsuid, isWhatsAppNumber } from '../whatsapp/recipient.ts';

/**
 * The customer id for a webhook's sender, creating or linking the customer as the ids say. With a phone
 * number and a BSUID that name two customers, the one with the phone number absorbs the other (it holds
 * the older history: every customer before BSUIDs was keyed by phone). Undefined without a usable id.
 */
export async function identifyCustomer(tx: Queryable, ids: CustomerIds, log: Logger): Promise<string | undefined> {
  const fallback = ids.phone ?? ids.userId ?? ids.parentUserId;
  if (fallback === undefined) return undefined;
  const { byPhone, byUserId } = await customersNamed(tx, ids);
  if (byPhone && byUserId && byPhone !== byUserId) {
    await moveCustomer(tx, byUserId, byPhone);
    log.info({ customer: customerTag(byPhone), merged: customerTag(byUserId) }, 'customer ids linked: merged');
  }
  const id = byPhone ?? byUserId ?? fallback;
  await linkCustomer(tx, id, ids);
  return id;
}

/** The id of a customer the ids name, without creating one (for messages that will not be answered). */
export async function knownCustomer(tx: Queryable, ids: CustomerIds): Promise<string | undefined> {
  const { byPhone, byUserId } = await customersNamed(tx, ids);
  return byPhone ?? byUserId ?? ids.phone ?? ids.userId ?? ids.parentUserId;
}

/**
 * Moves everything of customer `from` to `to`: bookings (and with them reminders), messages, then the row:
 * merged into `to`'s when `to` is a customer already, else renamed and reached by `renamedIds`.
 */
async function moveCustomer(
  tx: Queryable,
  from: string,
  to: string,
  options: { readonly takeReach: boolean; readonly renamedIds?: CustomerIds } = { takeReach: true },
): Promise<void> {
  await moveCustomerBookings(tx, from, to);
  await moveCustomerInbound(tx, from, to);
  await moveCustomerOutbound(tx, from, to);
  await moveCustomerHandoffs(tx, from, to);
  await moveCustomerWaitlist(tx, from, to);
  if (options.renamedIds) await renameCustomer(tx, from, to, options.renamedIds);
  else await mergeCustomers(tx, from, to, options.takeReach);
}

type Obj = Record<string, unknown>;

/**
 * A `system` message: the customer's number (`user_changed_number`, new number in `system.wa_id`) or
 * BSUID (`user_changed_user_id`, new BSUID in `system.user_id`) changed. The customer, with their
 * bookings, reminders, language and message history, moves to the new id; when the new id is already
 * a customer, the two become one (see mergeCustomers for which values win). Nothing is sent back.
 */
export async function applySystemMessage(tx: Queryable, customer: string, raw: Obj, log: Logger): Promise<void> {
  const system = (raw.system ?? {}) as Obj;
  const type = typeof system.type === 'string' ? system.type : undefined;
  const newIds: CustomerIds | undefined =
    type === 'user_changed_number' && isWhatsAppNumber(system.wa_id)
      ? { phone: system.wa_id, userId: isBsuid(system.user_id) ? system.user_id : undefined }
      : type === 'user_changed_user_id' && isBsuid(system.user_id)
        ? { userId: system.user_id }
        : undefined;
  if (!newIds) {
    log.info({ type: type ?? '(none)' }, 'system message without a new id; stored');
    return;
  }
  const { byPhone, byUserId } = await customersNamed(tx, newIds);
  const target = byPhone ?? byUserId;
  if (target === customer) return; // a replay, or the new id was linked already
  const { rows } = await tx.query<{ n: number }>('SELECT 1 AS n FROM customers WHERE id = $1', [customer]);
  if (rows.length === 0) {
    log.info({ type }, 'system message for a customer flowbook does not know; stored');
    return;
  }
  if (type === 'user_changed_user_id' && isWhatsAppNumber(customer)) {
    // Keyed by their phone number, which did not change: only the BSUID is replaced.
    if (target) await moveCustomer(tx, target, customer, { takeReach: false });
    await replaceUserId(tx, customer, newIds.userId!);
    log.info({ type, customer: customerTag(customer) }, 'customer BSUID replaced');
    return;
  }
  // A new BSUID keeps the phone number; a new phone number comes with its own BSUID (or none yet).
  const renamedIds = newIds.phone ? newIds : { ...newIds, phone: (await customerReach(tx, customer)).phone };
  const to = target ?? newIds.phone ?? newIds.userId!;
  await moveCustomer(tx, customer, to, target ? { takeReach: false } : { takeReach: false, renamedIds });
  log.info(
    { type, previous: customerTag(customer), next: customerTag(to), merged: target !== undefined },
    'customer moved',
  );
}
