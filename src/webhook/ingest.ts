import type { Database, Queryable } from '../db/types.ts';
import { enqueue } from '../jobs/registry.ts';
import type { Logger } from '../log.ts';
import { advanceOutbound, OUTSIDE_WINDOW, resendAsTemplate } from '../conversation/outbox.ts';
import { readDelivery, type InboundMessage, type InboundStatus, type OtherEvent } from './payload.ts';

export interface IngestResult {
  readonly messages: number;
  readonly newMessages: number;
  readonly statuses: number;
  readonly newStatuses: number;
  readonly events: number;
}

/**
 * The `webhook.delivery` job: records every message, status and event of one stored delivery in one
 * transaction. Unique keys (wamid; wamid + status) make a replayed delivery a no-op; each new message
 * gets its `message.handle` job in the same transaction.
 */
export async function ingestDelivery(db: Database, deliveryId: number, log: Logger): Promise<IngestResult | undefined> {
  return db.transaction(async (tx) => {
    // Hex, not bytea: PGlite decodes bytea results in JavaScript, hex natively in Node (store.ts).
    const { rows } = await tx.query<{ body: string; processed_at: Date | null }>(
      "SELECT encode(body, 'hex') AS body, processed_at FROM webhook_deliveries WHERE id = $1 FOR UPDATE",
      [deliveryId],
    );
    const row = rows[0];
    if (!row || row.processed_at) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(row.body, 'hex').toString('utf8'));
    } catch {
      log.warn({ deliveryId }, 'webhook delivery is not JSON; kept and skipped');
      await tx.query(`UPDATE webhook_deliveries SET processed_at = now(), error = 'not JSON' WHERE id = $1`, [deliveryId]);
      return { messages: 0, newMessages: 0, statuses: 0, newStatuses: 0, events: 0 };
    }
    const items = readDelivery(parsed);
    let newMessages = 0;
    for (const message of items.messages) if (await recordMessage(tx, message)) newMessages++;
    let newStatuses = 0;
    for (const status of items.statuses) if (await recordStatus(tx, status, log)) newStatuses++;
    for (const event of items.events) await recordEvent(tx, deliveryId, event, log);
    await tx.query('UPDATE webhook_deliveries SET processed_at = now() WHERE id = $1', [deliveryId]);
    return { messages: items.messages.length, newMessages, statuses: items.statuses.length, newStatuses, events: items.events.length };
  });
}

async function recordMessage(tx: Queryable, m: InboundMessage): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO inbound_messages (wamid, customer_phone, phone_number_id, type, message, profile_name, sent_at)
     VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7::float8)) ON CONFLICT (wamid) DO NOTHING RETURNING wamid`,
    [m.wamid, m.from, m.phoneNumberId ?? null, m.type, JSON.stringify(m.raw), m.profileName ?? null, m.timestamp ?? null],
  );
  if (rows.length === 0) return false;
  // The 24-h window starts at the customer's latest message (docs/protocol.md §7).
  await tx.query(
    `INSERT INTO customers (phone, last_seen_at, last_inbound_at) VALUES ($1, now(), now())
     ON CONFLICT (phone) DO UPDATE SET last_seen_at = now(), last_inbound_at = now()`,
    [m.from],
  );
  await enqueue(tx, 'message.handle', { wamid: m.wamid }, { dedupKey: `msg:${m.wamid}` });
  return true;
}

async function recordStatus(tx: Queryable, s: InboundStatus, log: Logger): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO message_statuses (wamid, status, error_code, error_title, at)
     VALUES ($1, $2, $3, $4, to_timestamp($5::float8)) ON CONFLICT (wamid, status) DO NOTHING RETURNING wamid`,
    [s.wamid, s.status, s.errorCode ?? null, s.errorTitle ?? null, s.timestamp ?? null],
  );
  if (rows.length === 0) return false;
  const moved = await advanceOutbound(tx, s.wamid, s.status, { code: s.errorCode, title: s.errorTitle });
  if (moved && s.status === 'failed') {
    log.warn({ outboundId: moved.id, kind: moved.kind, code: s.errorCode }, 'outbound message failed');
    if (s.errorCode === OUTSIDE_WINDOW && (await resendAsTemplate(tx, moved))) {
      log.info({ outboundId: moved.id }, 'outside the 24-h window: queued the equivalent template');
    }
  }
  return true;
}

async function recordEvent(tx: Queryable, deliveryId: number, e: OtherEvent, log: Logger): Promise<void> {
  await tx.query('INSERT INTO webhook_events (delivery_id, field, value) VALUES ($1, $2, $3)', [
    deliveryId, e.field, JSON.stringify(e.value),
  ]);
  const value = (e.value ?? {}) as Record<string, unknown>;
  if (e.field === 'flows' || e.field === 'message_template_status_update') {
    // Names, ids and events only: these carry no personal data (docs/protocol.md §6).
    log.info(
      { field: e.field, event: value.event, flowId: value.flow_id, template: value.message_template_name, reason: value.reason },
      'webhook event',
    );
  } else {
    log.debug({ field: e.field }, 'webhook field ignored');
  }
  const name = value.message_template_name;
  const language = value.message_template_language;
  if (e.field === 'message_template_status_update' && typeof name === 'string' && typeof language === 'string' && typeof value.event === 'string') {
    await tx.query(
      `INSERT INTO template_status (name, language, status, reason, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (name, language) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, updated_at = now()`,
      [name, language, value.event, typeof value.reason === 'string' ? value.reason : null],
    );
  }
}
