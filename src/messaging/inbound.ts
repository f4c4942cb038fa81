/**
 * The `inbound_messages` table: every message a customer sent, once per wamid, and whether the
 * conversation has answered it. The webhook ingest records them; the conversation loads and marks them.
 */
import type { Queryable } from '../db/types.ts';
import { ERASED_CUSTOMER } from '../customers/customers.ts';
import type { StoredMessage } from './context.ts';

/** The fields of an incoming message that are stored (the webhook's parsed message fits). */
export interface InboundRecord {
  readonly wamid: string;
  readonly from: string;
  readonly type: string;
  readonly timestamp: number | undefined;
  readonly phoneNumberId: string | undefined;
  readonly profileName: string | undefined;
  /** The message object as received. */
  readonly raw: Record<string, unknown>;
}

const field = (v: unknown, key: string): unknown =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;

/** Message types that report something that happened rather than ask for something (docs/protocol.md §11.4). */
const EVENT_TYPES = new Set(['reaction', 'revoke', 'edit', 'system']);

/**
 * What Meta names in `unsupported.type` when it cannot deliver an event in its own shape (edits came as
 * `unsupported` for a while in 2026, docs/protocol.md §11.4); any other unsupported message is a customer's.
 */
const UNSUPPORTED_EVENTS = new Set(['reaction', 'revoke', 'edit']);

/**
 * The kind of event an incoming message is, or undefined when it is a request the conversation answers:
 * a reaction (added, or removed: no emoji), a revoked or edited message, a reply to a call-permission
 * request, a `system` notice (docs/protocol.md §11.4). Events get no automatic reply.
 */
export function inboundEvent(type: string, raw: Record<string, unknown>): string | undefined {
  if (EVENT_TYPES.has(type)) return type;
  if (type === 'interactive' && field(raw.interactive, 'type') === 'call_permission_reply')
    return 'call_permission_reply';
  const unsupported = field(raw.unsupported, 'type');
  if (type === 'unsupported' && typeof unsupported === 'string' && UNSUPPORTED_EVENTS.has(unsupported))
    return unsupported;
  return undefined;
}

/** True when a message with this wamid is stored already (a replay, or a message of an erased customer). */
export async function inboundKnown(q: Queryable, wamid: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM inbound_messages WHERE wamid = $1', [wamid]);
  return rows.length > 0;
}

/** Stores the message unless its wamid is known; true when it is new (a replay stores nothing). */
export async function recordInboundMessage(tx: Queryable, m: InboundRecord): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO inbound_messages (wamid, customer_phone, phone_number_id, type, message, profile_name, sent_at)
     VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7::float8)) ON CONFLICT (wamid) DO NOTHING RETURNING wamid`,
    [
      m.wamid,
      m.from,
      m.phoneNumberId ?? null,
      m.type,
      JSON.stringify(m.raw),
      m.profileName ?? null,
      m.timestamp ?? null,
    ],
  );
  return rows.length > 0;
}

/** The stored message, or undefined when it is unknown or already answered. */
export async function unansweredMessage(q: Queryable, wamid: string): Promise<StoredMessage | undefined> {
  const { rows } = await q.query<{
    wamid: string;
    customer_phone: string;
    phone_number_id: string | null;
    type: string;
    message: Record<string, unknown>;
    profile_name: string | null;
    handled_at: Date | null;
  }>('SELECT * FROM inbound_messages WHERE wamid = $1', [wamid]);
  const r = rows[0];
  if (!r || r.handled_at) return undefined;
  return {
    wamid: r.wamid,
    customerPhone: r.customer_phone,
    phoneNumberId: r.phone_number_id ?? undefined,
    type: r.type,
    message: r.message,
    profileName: r.profile_name ?? undefined,
  };
}

/** Marks the message answered (in the transaction that queues the answer). */
export async function markAnswered(tx: Queryable, wamid: string): Promise<void> {
  await tx.query('UPDATE inbound_messages SET handled_at = now() WHERE wamid = $1', [wamid]);
}

/** The customer `from` is now `to`: the messages they sent follow them. */
export async function moveCustomerInbound(tx: Queryable, from: string, to: string): Promise<void> {
  await tx.query('UPDATE inbound_messages SET customer_phone = $2 WHERE customer_phone = $1', [from, to]);
}

/** One message the customer sent, for staff to read (src/handoff/). */
export interface InboundEntry {
  readonly wamid: string;
  readonly type: string;
  readonly message: Record<string, unknown>;
  readonly at: Date;
}

/** The customer's latest `limit` messages, newest first; `at` is when we received it (our clock, like the outbox's). */
export async function latestInbound(q: Queryable, customer: string, limit: number): Promise<InboundEntry[]> {
  const { rows } = await q.query<{ wamid: string; type: string; message: Record<string, unknown>; at: Date }>(
    `SELECT wamid, type, message, received_at AS at FROM inbound_messages
     WHERE customer_phone = $1 ORDER BY received_at DESC LIMIT $2`,
    [customer, limit],
  );
  return rows.map((r) => ({ wamid: r.wamid, type: r.type, message: r.message, at: new Date(r.at) }));
}

/** The profile names the customer's messages came with (an erasure looks for them elsewhere). */
export async function profileNamesOf(q: Queryable, customer: string): Promise<string[]> {
  const { rows } = await q.query<{ profile_name: string }>(
    'SELECT DISTINCT profile_name FROM inbound_messages WHERE customer_phone = $1 AND profile_name IS NOT NULL',
    [customer],
  );
  return rows.map((r) => r.profile_name);
}

/**
 * Erases what the customer sent: each row keeps its wamid (so a late redelivery of the message is still a
 * replay, not a new customer) and loses its content, name and sender; one not yet answered never will be.
 * Returns how many rows were erased.
 */
export async function eraseCustomerInbound(tx: Queryable, customer: string): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE inbound_messages SET customer_phone = $2, message = '{"erased": true}', profile_name = NULL,
       handled_at = COALESCE(handled_at, now())
     WHERE customer_phone = $1`,
    [customer, ERASED_CUSTOMER],
  );
  return rowCount;
}

/** Retention: deletes up to `limit` answered messages received before `before`; an unanswered one stays. */
export async function pruneInbound(q: Queryable, before: Date, limit: number): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM inbound_messages WHERE wamid IN
       (SELECT wamid FROM inbound_messages WHERE handled_at IS NOT NULL AND received_at < $1
        ORDER BY received_at LIMIT $2)`,
    [before, limit],
  );
  return rowCount;
}
