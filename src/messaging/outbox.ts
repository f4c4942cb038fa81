import type { Queryable } from '../db/types.ts';
import { ERASED_CUSTOMER } from '../customers/customers.ts';
import { enqueue, type JobPriority } from '../jobs/registry.ts';
import { templateMessage } from '../whatsapp/messages.ts';
import type { MarkReadRequest, OutgoingMessage, Template } from '../whatsapp/message-types.ts';
import { addressOf } from '../whatsapp/recipient.ts';

/** What flowbook sends; `read` is a read receipt, not a message (no pair-rate slot). */
export type OutboundKind = 'flow' | 'text' | 'list' | 'buttons' | 'confirmation' | 'template' | 'read';

/** One message to queue in the outbox, with what to send instead when Meta refuses it. */
export interface OutboundRequest {
  /** The cause, e.g. `flow:<inbound wamid>`, `confirm:<booking id>`, `read:<wamid>`: one message per key. */
  readonly dedupKey: string;
  readonly kind: OutboundKind;
  readonly customerPhone: string;
  readonly phoneNumberId: string | undefined;
  /** The Graph request body (a message or a mark-read body). */
  readonly body: OutgoingMessage | MarkReadRequest;
  /** Sent instead when Meta answers 131047 (outside the 24-h window, docs/protocol.md §7). */
  readonly templateFallback?: Template | undefined;
  /** Sent instead when the template cannot be sent (132xxx), inside the 24-h window. */
  readonly textFallback?: string | undefined;
  readonly flowSessionId?: string | undefined;
  readonly bookingId?: string | undefined;
  /** `bulk` for messages nobody is waiting on (reminders); answers and confirmations go first (default `interactive`). */
  readonly priority?: JobPriority | undefined;
}

/** The dedup key of the `outbound.send` job of outbound message `id`. */
function sendJobKey(id: number): string {
  return `send:${id}`;
}

/** The outbox key of a booking's confirmation (one per booking, whatever the replays). */
export function confirmationKey(bookingId: string): string {
  return `confirm:${bookingId}`;
}

/**
 * Records a message to send and its send job in the caller's transaction (the outbox). A key
 * already used returns undefined and enqueues nothing: replays have no second effect.
 */
export async function queueOutbound(tx: Queryable, req: OutboundRequest): Promise<number | undefined> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO outbound_messages (dedup_key, kind, customer_phone, phone_number_id, body, template_fallback,
       text_fallback, flow_session_id, booking_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
    [
      req.dedupKey,
      req.kind,
      req.customerPhone,
      req.phoneNumberId ?? null,
      JSON.stringify(req.body),
      req.templateFallback === undefined ? null : JSON.stringify(req.templateFallback),
      req.textFallback ?? null,
      req.flowSessionId ?? null,
      req.bookingId ?? null,
    ],
  );
  const id = rows[0] ? Number(rows[0].id) : undefined;
  if (id !== undefined)
    await enqueue(
      tx,
      'outbound.send',
      { outboundId: id },
      { dedupKey: sendJobKey(id), maxAttempts: 10, priority: req.priority ?? 'interactive' },
    );
  return id;
}

/** Outbound states in the order they may move (docs/protocol.md §6: a status only moves forward). */
export const OUTBOUND_STATES = ['pending', 'accepted', 'sent', 'delivered', 'read', 'failed'] as const;
export type OutboundState = (typeof OUTBOUND_STATES)[number];

export interface StatusChange {
  readonly id: number;
  readonly kind: OutboundKind;
  readonly dedupKey: string;
  readonly customerPhone: string;
  readonly phoneNumberId: string | null;
  readonly templateFallback: Template | null;
}

/**
 * Moves an outbound message (by wamid) forward to `state`; an older or repeated status changes
 * nothing. `failed` records Meta's error code. Returns the row when it moved.
 */
export async function advanceOutbound(
  tx: Queryable,
  wamid: string,
  state: string,
  error: { code?: number | undefined; title?: string | undefined } = {},
): Promise<StatusChange | undefined> {
  if (!(OUTBOUND_STATES as readonly string[]).includes(state) || state === 'pending') return undefined;
  const { rows } = await tx.query<{
    id: string;
    kind: OutboundKind;
    dedup_key: string;
    customer_phone: string;
    phone_number_id: string | null;
    template_fallback: Template | null;
  }>(
    `UPDATE outbound_messages SET state = $2, updated_at = now(),
       error_code = CASE WHEN $2 = 'failed' THEN $3 ELSE error_code END,
       error_title = CASE WHEN $2 = 'failed' THEN $4 ELSE error_title END
     WHERE wamid = $1 AND array_position($5::text[], state) < array_position($5::text[], $2)
     RETURNING id, kind, dedup_key, customer_phone, phone_number_id, template_fallback`,
    [wamid, state, error.code ?? null, error.title ?? null, OUTBOUND_STATES],
  );
  const r = rows[0];
  return (
    r && {
      id: Number(r.id),
      kind: r.kind,
      dedupKey: r.dedup_key,
      customerPhone: r.customer_phone,
      phoneNumberId: r.phone_number_id,
      templateFallback: r.template_fallback,
    }
  );
}

/** The outbound message Meta knows as `wamid`: its id, kind and state; undefined when it is not ours. */
export async function outboundByWamid(
  q: Queryable,
  wamid: string,
): Promise<{ readonly id: number; readonly kind: OutboundKind; readonly state: OutboundState } | undefined> {
  const { rows } = await q.query<{ id: string; kind: OutboundKind; state: OutboundState }>(
    'SELECT id, kind, state FROM outbound_messages WHERE wamid = $1',
    [wamid],
  );
  const r = rows[0];
  return r && { id: Number(r.id), kind: r.kind, state: r.state };
}

/** Meta's "outside the 24-hour window" error (docs/protocol.md §9). */
export const OUTSIDE_WINDOW = 131047;

/**
 * After a free-form message failed with 131047, queues its equivalent template once (docs/protocol.md §7:
 * business-initiated messages must be templates). Returns whether one was queued.
 */
export async function resendAsTemplate(tx: Queryable, failed: StatusChange): Promise<boolean> {
  if (!failed.templateFallback || failed.kind === 'template' || failed.kind === 'confirmation') return false;
  const id = await queueOutbound(tx, {
    dedupKey: `${failed.dedupKey}:template`,
    kind: 'template',
    customerPhone: failed.customerPhone,
    phoneNumberId: failed.phoneNumberId ?? undefined,
    body: templateMessage(failed.customerPhone, failed.templateFallback),
  });
  return id !== undefined;
}

/** The state of the message queued under `dedupKey`, or undefined when none was. */
export async function outboundState(q: Queryable, dedupKey: string): Promise<OutboundState | undefined> {
  const { rows } = await q.query<{ state: OutboundState }>('SELECT state FROM outbound_messages WHERE dedup_key = $1', [
    dedupKey,
  ]);
  return rows[0]?.state;
}

/** What a message we sent to `customerPhone` (by Meta's wamid) was about: its Flow session, its booking. */
export async function sentMessageAbout(
  q: Queryable,
  wamid: string,
  customerPhone: string,
): Promise<{ readonly flowSessionId: string | undefined; readonly bookingId: string | undefined }> {
  const { rows } = await q.query<{ flow_session_id: string | null; booking_id: string | null }>(
    'SELECT flow_session_id, booking_id FROM outbound_messages WHERE wamid = $1 AND customer_phone = $2',
    [wamid, customerPhone],
  );
  return { flowSessionId: rows[0]?.flow_session_id ?? undefined, bookingId: rows[0]?.booking_id ?? undefined };
}

/**
 * The booking a Flow session reschedules, if any: the reminder's "Reschedule" stored it on the Flow
 * message it sent, or on the Flow template outside the 24-h window (works for completions linked by token or by
 * `context.id` alike).
 */
export async function rescheduleOfSession(q: Queryable, sessionId: string): Promise<string | undefined> {
  const { rows } = await q.query<{ booking_id: string | null }>(
    `SELECT booking_id FROM outbound_messages
     WHERE flow_session_id = $1 AND kind IN ('flow', 'template') AND booking_id IS NOT NULL`,
    [sessionId],
  );
  return rows[0]?.booking_id ?? undefined;
}

/** The business number a Flow session's message went from (its Flow message or Flow template), if recorded. */
export async function phoneNumberOfSession(q: Queryable, sessionId: string): Promise<string | undefined> {
  const { rows } = await q.query<{ phone_number_id: string | null }>(
    `SELECT phone_number_id FROM outbound_messages
     WHERE flow_session_id = $1 AND kind IN ('flow', 'template') AND phone_number_id IS NOT NULL
     ORDER BY id LIMIT 1`,
    [sessionId],
  );
  return rows[0]?.phone_number_id ?? undefined;
}

/**
 * How long an unsent message holds back the later ones to its customer. A message still unsent after
 * this (its job gave up, or Meta keeps failing) no longer blocks the queue behind it.
 */
export const ORDER_HOLD_MS = 5 * 60_000;

/**
 * The earlier messages to the same customer that are still unsent (`pending`), as the dedup keys of
 * their send jobs: replies to one customer leave in the order they were queued (docs/reminders.md).
 * Read receipts are not messages and neither wait nor hold anything back.
 */
export async function earlierUnsent(q: Queryable, outboundId: number, customerPhone: string): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM outbound_messages
     WHERE customer_phone = $1 AND state = 'pending' AND id < $2 AND kind <> 'read'
       AND created_at > now() - make_interval(secs => $3)
     ORDER BY id LIMIT 20`,
    [customerPhone, outboundId, ORDER_HOLD_MS / 1000],
  );
  return rows.map((r) => sendJobKey(Number(r.id)));
}

/**
 * The customer `from` is now `to`: their messages follow (a reply's `context.id` still finds what we
 * sent), and what is still pending goes to the new address (docs/protocol.md §11.1).
 */
export async function moveCustomerOutbound(tx: Queryable, from: string, to: string): Promise<void> {
  const address = addressOf(to);
  if (!address) return;
  await tx.query(
    `UPDATE outbound_messages SET customer_phone = $2,
       body = CASE WHEN state = 'pending' AND body ? 'messaging_product' AND NOT body ? 'message_id'
                   THEN (body - 'to' - 'recipient') || $3::jsonb ELSE body END,
       updated_at = now()
     WHERE customer_phone = $1`,
    [from, to, JSON.stringify(address)],
  );
}

/** One message sent (or queued) to the customer, for staff to read (src/handoff/). */
export interface OutboundEntry {
  readonly id: number;
  readonly dedupKey: string;
  readonly kind: OutboundKind;
  readonly state: OutboundState;
  readonly body: Record<string, unknown>;
  readonly textFallback: string | null;
  readonly at: Date;
}

/** The latest `limit` messages to the customer, newest first; read receipts are not messages. */
export async function latestOutbound(q: Queryable, customer: string, limit: number): Promise<OutboundEntry[]> {
  const { rows } = await q.query<{
    id: string;
    dedup_key: string;
    kind: OutboundKind;
    state: OutboundState;
    body: Record<string, unknown>;
    text_fallback: string | null;
    created_at: Date;
  }>(
    `SELECT id, dedup_key, kind, state, body, text_fallback, created_at FROM outbound_messages
     WHERE customer_phone = $1 AND kind <> 'read' ORDER BY created_at DESC, id DESC LIMIT $2`,
    [customer, limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    dedupKey: r.dedup_key,
    kind: r.kind,
    state: r.state,
    body: r.body,
    textFallback: r.text_fallback,
    at: new Date(r.created_at),
  }));
}

/**
 * Erases what was sent, or was to be sent, to the customer: the statuses Meta reported for it go, each
 * message keeps its key, kind and state (so its cause stays a replay) and loses its body, fallbacks and
 * recipient; one still pending is not sent (failed, `customer erased`). Returns how many messages were erased.
 */
export async function eraseCustomerOutbound(tx: Queryable, customer: string): Promise<number> {
  await tx.query(
    `DELETE FROM message_statuses WHERE wamid IN
       (SELECT wamid FROM outbound_messages WHERE customer_phone = $1 AND wamid IS NOT NULL)`,
    [customer],
  );
  const { rowCount } = await tx.query(
    `UPDATE outbound_messages SET customer_phone = $2, body = '{"erased": true}', template_fallback = NULL,
       text_fallback = NULL,
       error_title = CASE WHEN state = 'pending' THEN 'customer erased' ELSE NULL END,
       state = CASE WHEN state = 'pending' THEN 'failed' ELSE state END, updated_at = now()
     WHERE customer_phone = $1`,
    [customer, ERASED_CUSTOMER],
  );
  return rowCount;
}

/** Retention: deletes up to `limit` messages last changed before `before`; one still pending (unsent) stays. */
export async function pruneOutbound(q: Queryable, before: Date, limit: number): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM outbound_messages WHERE id IN
       (SELECT id FROM outbound_messages WHERE state <> 'pending' AND updated_at < $1 ORDER BY updated_at LIMIT $2)`,
    [before, limit],
  );
  return rowCount;
}

/** How many of the messages `ids` are in each state now. */
export async function statesOf(q: Queryable, ids: readonly number[]): Promise<Record<OutboundState, number>> {
  if (ids.length === 0) return byState([]);
  const { rows } = await q.query<StateCount>(
    'SELECT state, count(*) AS n FROM outbound_messages WHERE id = ANY($1::bigint[]) GROUP BY state',
    [ids],
  );
  return byState(rows);
}

/** Messages queued in `[from, to)` by their state now (the console's operations page: messages sent today). */
export async function outboundStateCounts(q: Queryable, from: Date, to: Date): Promise<Record<OutboundState, number>> {
  const { rows } = await q.query<StateCount>(
    'SELECT state, count(*) AS n FROM outbound_messages WHERE created_at >= $1 AND created_at < $2 GROUP BY state',
    [from, to],
  );
  return byState(rows);
}

interface StateCount {
  readonly state: OutboundState;
  readonly n: string;
}

/** Every state, with 0 for those no row names. */
function byState(rows: readonly StateCount[]): Record<OutboundState, number> {
  const counts = Object.fromEntries(OUTBOUND_STATES.map((s) => [s, 0])) as Record<OutboundState, number>;
  for (const row of rows) counts[row.state] = Number(row.n);
  return counts;
}
