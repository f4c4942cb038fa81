/**
 * Reads a webhook envelope (docs/protocol.md §6) into flat items, defensively: Meta adds fields over time and a
 * malformed part must not hide the rest of the batch. Every entry, change, message and status is kept.
 */

import type { InboundRecord } from '../messaging/inbound.ts';

/** One incoming message, as much of it as flowbook reads; stored as it is (src/messaging/inbound.ts). */
export type InboundMessage = InboundRecord;

export interface InboundStatus {
  readonly wamid: string;
  readonly status: string;
  readonly recipient: string | undefined;
  readonly timestamp: number | undefined;
  readonly errorCode: number | undefined;
  readonly errorTitle: string | undefined;
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
  for (const entry of arr(isObj(body) ? body.entry : undefined)) {
    if (!isObj(entry)) continue;
    for (const change of arr(entry.changes)) {
      if (!isObj(change)) continue;
      const field = str(change.field) ?? '(none)';
      const value = change.value;
      if (field !== 'messages' || !isObj(value)) {
        items.events.push({ field, value: value ?? null });
        continue;
      }
      readMessagesChange(value, items);
    }
  }
  return items;
}

function readMessagesChange(value: Obj, items: DeliveryItems): void {
  const phoneNumberId = isObj(value.metadata) ? str(value.metadata.phone_number_id) : undefined;
  const names = new Map<string, string>();
  for (const contact of arr(value.contacts)) {
    if (!isObj(contact)) continue;
    const waId = str(contact.wa_id);
    const name = isObj(contact.profile) ? str(contact.profile.name) : undefined;
    if (waId && name) names.set(waId, name);
  }
  for (const m of arr(value.messages)) {
    if (!isObj(m)) continue;
    const wamid = str(m.id);
    const from = str(m.from);
    if (!wamid || !from) continue;
    items.messages.push({
      wamid,
      from,
      type: str(m.type) ?? 'unknown',
      timestamp: num(m.timestamp),
      phoneNumberId,
      profileName: names.get(from),
      raw: m,
    });
  }
  // docs/protocol.md §6: `details` may quote the request, so only the code and Meta's fixed title are read.
  for (const e of arr(value.errors)) {
    if (isObj(e)) items.errors.push({ code: num(e.code), title: str(e.title) ?? str(e.message), phoneNumberId });
  }
  for (const s of arr(value.statuses)) {
    if (!isObj(s)) continue;
    const wamid = str(s.id);
    const status = str(s.status);
    if (!wamid || !status) continue;
    const firstError = arr(s.errors).find(isObj);
    items.statuses.push({
      wamid,
      status,
      recipient: str(s.recipient_id),
      timestamp: num(s.timestamp),
      errorCode: firstError ? num(firstError.code) : undefined,
      errorTitle: firstError ? (str(firstError.title) ?? str(firstError.message)) : undefined,
    });
  }
}
