/**
 * The `inbound_messages` table: every message a customer sent, once per wamid, and whether the
 * conversation has answered it. The webhook ingest records them; the conversation loads and marks them.
 */
import type { Queryable } from '../db/types.ts';
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
