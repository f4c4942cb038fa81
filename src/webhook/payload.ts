/**
 * Reads a webhook envelope (docs/protocol.md §6) into flat items, defensively: Meta adds fields over time and a
 * malformed part must not hide the rest of the batch. Every entry, change, message and status is kept.
 */

import type { CustomerIds } from '../customers/customers.ts';
import type { InboundRecord } from '../messaging/inbound.ts';
import { isBsuid, isWhatsAppNumber } from '../whatsapp/recipient.ts';

/**
 * One incoming message, as much of it as flowbook reads; stored as it is (src/messaging/inbound.ts) once
 * the ingest has turned the sender's ids into a customer id (`from`).
 */
export type InboundMessage = Omit<InboundRecord, 'from'> & {
  /** Who sent it: phone number and/or BSUID, with the contact's username (docs/protocol.md §11.1). */
  readonly sender: CustomerIds;
  /** Where it is in the delivery, e.g. `entry[0].changes[1].value.messages[2]` (a dead letter names it). */
  readonly path: string;
};

export interface InboundStatus {
  readonly wamid: string;
  readonly status: string;
  readonly recipient: string | undefined;
  /** `recipient_user_id`: the recipient's BSUID (docs/protocol.md §11.1). */
  readonly recipientUserId: string | undefined;
  readonly timestamp: number | undefined;
  readonly errorCode: number | undefined;
  readonly errorTitle: string | undefined;
  readonly path: string;
  /** The status object as received. */
  readonly raw: Record<string, unknown>;
}

/** A value-level `errors[]` entry of a messages change: a problem at Meta not tied to one message. */
export interface ValueError {
  readonly code: number | undefined;
  readonly title: string | undefined;
  readonly phoneNumberId: string | undefined;
}

/** A change that is not messages/statuses: `flows`, `message_template_status_update`, or unknown. */
export interface OtherEvent {
  readonly field: string;
  readonly value: unknown;
  readonly path: string;
}

export interface DeliveryItems {
  readonly messages: InboundMessage[];
  readonly statuses: InboundStatus[];
  readonly events: OtherEvent[];
  readonly errors: ValueError[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/** Splits a parsed delivery body into messages, statuses and other events. */
export function readDelivery(body: unknown): DeliveryItems {
  const items: DeliveryItems = { messages: [], statuses: [], events: [], errors: [] };
  for (const [e, entry] of arr(isObj(body) ? body.entry : undefined).entries()) {
    if (!isObj(entry)) continue;
    for (const [c, change] of arr(entry.changes).entries()) {
      if (!isObj(change)) continue;
      const field = str(change.field) ?? '(none)';
      const value = change.value;
      const path = `entry[${e}].changes[${c}].value`;
      if (field !== 'messages' || !isObj(value)) {
        items.events.push({ field, value: value ?? null, path });
        continue;
      }
      readMessagesChange(value, path, items);
    }
  }
  return items;
}

/** A phone number or BSUID as the webhook gives it, or undefined when it has neither shape. */
const phoneOf = (v: unknown): string | undefined => (isWhatsAppNumber(v) ? v : undefined);
const bsuidOf = (v: unknown): string | undefined => (isBsuid(v) ? v : undefined);

interface Contact {
  readonly phone: string | undefined;
  readonly userId: string | undefined;
  readonly parentUserId: string | undefined;
  readonly name: string | undefined;
  readonly username: string | undefined;
}

/** `contacts[]`: each sender's `wa_id` and/or `user_id`, `parent_user_id`, profile name and username. */
function readContacts(value: Obj): Contact[] {
  const contacts: Contact[] = [];
  for (const c of arr(value.contacts)) {
    if (!isObj(c)) continue;
    const profile = isObj(c.profile) ? c.profile : {};
    contacts.push({
      phone: phoneOf(c.wa_id),
      userId: bsuidOf(c.user_id),
      parentUserId: bsuidOf(c.parent_user_id),
      name: str(profile.name),
      username: str(profile.username) ?? str(c.username),
    });
  }
  return contacts;
}

/**
 * The sender's ids: `from` (withheld for some customers with a username) and `from_user_id` on the
 * message, completed by its contact, matched by either id (docs/protocol.md §11.1).
 */
function senderOf(m: Obj, contacts: readonly Contact[]): { ids: CustomerIds; name: string | undefined } {
  const phone = phoneOf(m.from);
  const userId = bsuidOf(m.from_user_id);
  const contact = contacts.find(
    (c) => (phone !== undefined && c.phone === phone) || (userId !== undefined && c.userId === userId),
  );
  const ids: CustomerIds = {
    phone: phone ?? contact?.phone,
    userId: userId ?? contact?.userId,
    parentUserId: bsuidOf(m.from_parent_user_id) ?? contact?.parentUserId,
    username: contact?.username,
  };
  return { ids, name: contact?.name };
}

function readMessagesChange(value: Obj, path: string, items: DeliveryItems): void {
  const phoneNumberId = isObj(value.metadata) ? str(value.metadata.phone_number_id) : undefined;
  const contacts = readContacts(value);
  for (const [i, m] of arr(value.messages).entries()) {
    if (!isObj(m)) continue;
    const wamid = str(m.id);
    const { ids, name } = senderOf(m, contacts);
    if (!wamid || (!ids.phone && !ids.userId && !ids.parentUserId)) continue;
    items.messages.push({
      wamid,
      sender: ids,
      type: str(m.type) ?? 'unknown',
      timestamp: num(m.timestamp),
      phoneNumberId,
      profileName: name,
      raw: m,
      path: `${path}.messages[${i}]`,
    });
  }
  // docs/protocol.md §6: `details` may quote the request, so only the code and Meta's fixed title are read.
  for (const e of arr(value.errors)) {
    if (isObj(e)) items.errors.push({ code: num(e.code), title: str(e.title) ?? str(e.message), phoneNumberId });
  }
  for (const [i, s] of arr(value.statuses).entries()) {
    if (!isObj(s)) continue;
    const wamid = str(s.id);
    const status = str(s.status);
    if (!wamid || !status) continue;
    const firstError = arr(s.errors).find(isObj);
    items.statuses.push({
      wamid,
      status,
      recipient: phoneOf(s.recipient_id),
      recipientUserId: bsuidOf(s.recipient_user_id) ?? bsuidOf(s.recipient_parent_user_id),
      timestamp: num(s.timestamp),
      errorCode: firstError ? num(firstError.code) : undefined,
      errorTitle: firstError ? (str(firstError.title) ?? str(firstError.message)) : undefined,
      path: `${path}.statuses[${i}]`,
      raw: s,
    });
  }
}
