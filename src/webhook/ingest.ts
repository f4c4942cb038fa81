import type { Database, Queryable } from '../db/types.ts';
import { enqueue, type JobHandlers } from '../jobs/registry.ts';
import type { Logger } from '../log.ts';
import { customersNamed, linkCustomer, recordInbound } from '../customers/customers.ts';
import { inboundEvent, inboundKnown, markAnswered, recordInboundMessage } from '../messaging/inbound.ts';
import { recordStatus } from '../messaging/statuses.ts';
import { recordFlowEvent } from '../messaging/flow-health.ts';
import { recordTemplateCategory, recordTemplateQuality, recordTemplateStatus } from '../messaging/template-status.ts';
import { asError, isRetryable } from '../errors.ts';
import { recordDeadLetter, unstorableReason, type ItemFacts } from './dead-letters.ts';
import { applySystemMessage, identifyCustomer, knownCustomer } from './identity.ts';
import { readDelivery, type InboundMessage, type InboundStatus, type OtherEvent } from './payload.ts';

/** What the ingest needs to know about the business. */
export interface IngestOptions {
  /**
   * The business's own phone number ids (PHONE_NUMBER_ID and the catalog's `numbers`, asked per
   * delivery: the catalog reloads): only messages to one of them are answered (docs/protocol.md §6).
   * Empty: every number is (a message's reply goes from the number it was sent to).
   */
  readonly phoneNumberIds: () => ReadonlySet<string>;
  /** The app's clock: a message's 24-hour window is measured against it (docs/protocol.md §7). */
  readonly clock: () => number;
}

export interface IngestResult {
  readonly messages: number;
  readonly newMessages: number;
  readonly statuses: number;
  readonly newStatuses: number;
  readonly events: number;
  /** Items that went to `dead_letters` instead (src/webhook/dead-letters.ts). */
  readonly deadLetters: number;
}

/**
 * How the items of a delivery run: `together` in the delivery's transaction with no savepoint (one
 * statement fewer each way, the common case: Meta's deliveries nearly always carry one item), or
 * `isolated`, each in its own savepoint, once `together` met an item that fails.
 */
type ItemMode = 'together' | 'isolated';

/** Thrown in `together` mode by an item that failed for good: the delivery is run again `isolated`. */
class ItemFailed extends Error {
  constructor(path: string) {
    super(`webhook item ${path} failed`);
  }
}

/**
 * The `webhook.delivery` job: records every message, status and event of one stored delivery in one
 * transaction, which also marks the delivery processed and its job done (`finishIn`): either all of
 * it commits or none. Unique keys (wamid; wamid + status) make a replayed delivery a no-op; each new
 * message gets its `message.handle` job in the same transaction. An item that cannot be stored or
 * processed goes to `dead_letters` with its reason and the others go on: the items first run together;
 * when one fails for good the transaction is rolled back and run again with a savepoint per item. A
 * failure that may pass (a lost connection, a deadlock) rolls the whole delivery back, to be retried.
 */
async function ingestDelivery(
  db: Database,
  deliveryId: number,
  appLog: Logger,
  options: IngestOptions,
  finishIn: (tx: Queryable) => Promise<void>,
): Promise<IngestResult | undefined> {
  try {
    return await runDelivery(db, deliveryId, appLog, options, finishIn, 'together');
  } catch (error) {
    if (!(error instanceof ItemFailed)) throw error;
    return runDelivery(db, deliveryId, appLog, options, finishIn, 'isolated');
  }
}

async function runDelivery(
  db: Database,
  deliveryId: number,
  appLog: Logger,
  options: IngestOptions,
  finishIn: (tx: Queryable) => Promise<void>,
  mode: ItemMode,
): Promise<IngestResult | undefined> {
  return db.transaction(async (tx) => {
    // Marked processed first: the update locks the row, and `now()` is the transaction's start either way.
    // Hex, not bytea: PGlite decodes bytea results in JavaScript, hex natively in Node (store.ts).
    const { rows } = await tx.query<{ body: string; request_id: string | null }>(
      `UPDATE webhook_deliveries SET processed_at = now() WHERE id = $1 AND processed_at IS NULL
       RETURNING encode(body, 'hex') AS body, request_id`,
      [deliveryId],
    );
    const row = rows[0];
    if (!row) return undefined;
    // The lines of this delivery's processing carry the id of the request that brought it.
    const log = row.request_id ? appLog.child({ reqId: row.request_id }) : appLog;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(row.body, 'hex').toString('utf8'));
    } catch {
      log.warn({ deliveryId }, 'webhook delivery is not JSON; kept and skipped');
      await tx.query(`UPDATE webhook_deliveries SET error = 'not JSON' WHERE id = $1`, [deliveryId]);
      await finishIn(tx);
      return { messages: 0, newMessages: 0, statuses: 0, newStatuses: 0, events: 0, deadLetters: 0 };
    }
    const items = readDelivery(parsed);
    const nowMs = options.clock();
    let deadLetters = 0;
    const each = async (path: string, facts: ItemFacts, work: () => Promise<boolean>): Promise<boolean> => {
      const outcome = await runItem(tx, mode, { deliveryId, path, facts, nowMs, log }, work);
      if (outcome === 'dead') deadLetters++;
      return outcome === true;
    };
    let newMessages = 0;
    for (const message of items.messages) {
      if (await each(message.path, message, () => recordMessage(tx, message, log, options))) newMessages++;
    }
    let newStatuses = 0;
    for (const status of items.statuses) {
      const stored = await each(status.path, status, async () => {
        await linkRecipient(tx, status);
        return recordStatus(tx, status, log);
      });
      if (stored) newStatuses++;
    }
    for (const event of items.events) {
      await each(event.path, { raw: event.value }, async () => {
        await recordEvent(tx, deliveryId, event, log);
        return true;
      });
    }
    for (const e of items.errors) log.warn({ deliveryId, ...e }, 'Meta reported an error in a webhook');
    await finishIn(tx);
    return {
      messages: items.messages.length,
      newMessages,
      statuses: items.statuses.length,
      newStatuses,
      events: items.events.length,
      deadLetters,
    };
  });
}

interface ItemPlace {
  readonly deliveryId: number;
  readonly path: string;
  readonly facts: ItemFacts;
  readonly nowMs: number;
  readonly log: Logger;
}

/**
 * Runs one item's `work`. An item {@link unstorableReason} refuses is recorded as a dead letter ('dead')
 * without running. In `together` mode a failure that would fail again (a constraint, a value out of
 * range, a programming error) throws {@link ItemFailed}; in `isolated` mode the item runs in a savepoint,
 * and such a failure is rolled back to it and recorded as a dead letter. A failure that may pass is
 * rethrown in both. The log line names the delivery, the path and the reason's kind, never the item
 * (it carries personal data).
 */
async function runItem(
  tx: Queryable,
  mode: ItemMode,
  { deliveryId, path, facts, nowMs, log }: ItemPlace,
  work: () => Promise<boolean>,
): Promise<boolean | 'dead'> {
  let reason = unstorableReason(facts, nowMs);
  if (reason === undefined && mode === 'together') {
    try {
      return await work();
    } catch (thrown) {
      const error = asError(thrown);
      throw isRetryable(error) ? error : new ItemFailed(path);
    }
  }
  if (reason === undefined) {
    await tx.query('SAVEPOINT webhook_item');
    try {
      const result = await work();
      await tx.query('RELEASE SAVEPOINT webhook_item');
      return result;
    } catch (thrown) {
      const error = asError(thrown);
      await tx.query('ROLLBACK TO SAVEPOINT webhook_item');
      if (isRetryable(error)) throw error;
      const code = (error as { code?: unknown }).code;
      reason = `${typeof code === 'string' ? `${code}: ` : `${error.name}: `}${error.message}`;
      log.warn({ deliveryId, path, code, err: { name: error.name } }, 'webhook item failed; kept as a dead letter');
    }
  } else {
    log.warn({ deliveryId, path, reason }, 'webhook item cannot be stored; kept as a dead letter');
  }
  await recordDeadLetter(tx, { deliveryId, path, reason, item: facts.raw });
  return 'dead';
}

/**
 * Stores one message under its sender's customer id and queues its answer. A `system` message (a number
 * change) moves the customer and is not answered (docs/protocol.md §11.4); a message to a number that
 * is not the business's is stored and logged, never answered from it (§6); neither creates a customer.
 */
async function recordMessage(tx: Queryable, m: InboundMessage, log: Logger, options: IngestOptions): Promise<boolean> {
  const numbers = options.phoneNumberIds();
  const ours = m.phoneNumberId === undefined || numbers.size === 0 || numbers.has(m.phoneNumberId);
  // A replay changes nothing, not even who the sender is: an erased customer's old message must not bring them back.
  if (await inboundKnown(tx, m.wamid)) return false;
  const answered = ours && m.type !== 'system';
  const from = answered ? await identifyCustomer(tx, m.sender, log) : await knownCustomer(tx, m.sender);
  const stored = from !== undefined && (await recordInboundMessage(tx, { ...m, from }));
  if (!ours) {
    // The id is the business's own (not personal); the sender is left out. A sender we never saw gets no
    // customer row: the message stays in its stored delivery.
    log.warn(
      { phoneNumberId: m.phoneNumberId, type: m.type },
      'message to a phone number that is not configured; stored, not answered',
    );
    return stored;
  }
  if (!stored) return false;
  if (m.type === 'system') {
    // Nothing to answer: the change is applied here and the message is done with.
    await applySystemMessage(tx, from, m.raw, log);
    await markAnswered(tx, m.wamid);
    return true;
  }
  // The 24-h window opens at the customer's own message time, not at receipt (docs/protocol.md §7, §11.4);
  // an event (a reaction, an edit) asks for nothing and opens no window.
  if (!inboundEvent(m.type, m.raw)) await recordInbound(tx, from, m.timestamp, options.clock());
  await enqueue(tx, 'message.handle', { wamid: m.wamid }, { dedupKey: `msg:${m.wamid}` });
  return true;
}

/**
 * A status that names the recipient by phone number and BSUID links the two on the customer we wrote to
 * (docs/protocol.md §11.1); a status never creates a customer.
 */
async function linkRecipient(tx: Queryable, s: InboundStatus): Promise<void> {
  if (!s.recipient || !s.recipientUserId) return;
  const ids = { phone: s.recipient, userId: s.recipientUserId };
  const { byPhone, byUserId } = await customersNamed(tx, ids);
  // Two customers already: the next message from them merges them (identifyCustomer).
  if ((byPhone ?? byUserId) && !(byPhone && byUserId)) await linkCustomer(tx, (byPhone ?? byUserId)!, ids);
}

/** The fields besides messages and statuses that flowbook acts on (docs/protocol.md §11.3, §11.5). */
const HANDLED_FIELDS = new Set([
  'flows',
  'message_template_status_update',
  'template_category_update',
  'message_template_quality_update',
]);

async function recordEvent(tx: Queryable, deliveryId: number, e: OtherEvent, log: Logger): Promise<void> {
  await tx.query('INSERT INTO webhook_events (delivery_id, field, value) VALUES ($1, $2, $3)', [
    deliveryId,
    e.field,
    JSON.stringify(e.value),
  ]);
  const value = (e.value ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const name = text(value.message_template_name);
  const language = text(value.message_template_language);
  if (!HANDLED_FIELDS.has(e.field)) {
    log.debug({ field: e.field }, 'webhook field ignored');
    return;
  }
  // Names, ids, states and numbers only: these events carry no personal data (docs/protocol.md §6).
  log.info(
    { field: e.field, event: value.event, flowId: value.flow_id, template: name, language, reason: value.reason },
    'webhook event',
  );
  if (e.field === 'flows') {
    await recordFlowEvent(tx, value, log);
  } else if (e.field === 'message_template_status_update' && name && language && text(value.event)) {
    await recordTemplateStatus(
      tx,
      { name, language, event: text(value.event)!, reason: text(value.reason) ?? null },
      log,
    );
  } else if (e.field === 'template_category_update' && name && language) {
    await recordTemplateCategory(
      tx,
      {
        name,
        language,
        newCategory: text(value.new_category),
        previousCategory: text(value.previous_category),
        correctCategory: text(value.correct_category),
      },
      log,
    );
  } else if (e.field === 'message_template_quality_update' && name && language && text(value.new_quality_score)) {
    await recordTemplateQuality(tx, { name, language, quality: text(value.new_quality_score)! }, log);
  }
}

/** The webhook's job: `webhook.delivery` splits one stored delivery (for the composition root's table). */
export function webhookJobs(
  db: Database,
  log: Logger,
  options: IngestOptions = { phoneNumberIds: () => new Set(), clock: Date.now },
): Pick<JobHandlers, 'webhook.delivery'> {
  return {
    'webhook.delivery': async ({ deliveryId }, job) => {
      await ingestDelivery(db, deliveryId, log, options, job.finishIn);
    },
  };
}
