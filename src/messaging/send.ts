import { customerReach, insideWindow } from '../customers/customers.ts';
import type { Database } from '../db/types.ts';
import { ConfigError } from '../errors.ts';
import { promoteJobs, type JobContext, type JobHandlers, type JobOutcome } from '../jobs/registry.ts';
import type { Logger } from '../log.ts';
import type { Metrics, SendOutcome } from '../metrics/metrics.ts';
import { GraphApiError } from '../whatsapp/errors.ts';
import type { GraphClient } from '../whatsapp/graph.ts';
import { textMessage } from '../whatsapp/messages.ts';
import type { OutgoingMessage, Template } from '../whatsapp/message-types.ts';
import { earlierUnsent, OUTSIDE_WINDOW, queueOutbound, resendAsTemplate, type OutboundKind } from './outbox.ts';
import { PACING_GUARD_MS, type Pacing, type SendPacer } from './pacing.ts';
import { FLOW_BLOCKED_CODE, FLOW_THROTTLED_CODE, recordFlowRefusal } from './flow-health.ts';
import { applyEarlyStatuses } from './statuses.ts';
import { templateState } from './template-status.ts';
import { SERVICE_WINDOW_MS } from './window.ts';

/** What `outbound.send` needs: the store, the Graph client and the pacing of Meta's limits. */
export interface SendDeps {
  readonly db: Database;
  readonly graph: GraphClient;
  /** Throughput per phone number id and the pair rate (docs/protocol.md §9), shared by every instance on a server. */
  readonly pacer: SendPacer;
  /** Told of each slot a send goes out on (a missed slot it gave up is not one); tests record them. */
  readonly onSlot?: ((phoneNumberId: string, recipient: string, pacing: Pacing) => void) | undefined;
  readonly metrics?: Metrics | undefined;
  /** PHONE_NUMBER_ID, for messages whose delivery named none. */
  readonly defaultPhoneNumberId: string | undefined;
  readonly log: Logger;
  /** The app's clock: the 24-hour window is checked against it (docs/protocol.md §7). */
  readonly clock: () => number;
}

interface OutboundRow {
  id: string;
  dedup_key: string;
  kind: OutboundKind;
  customer_phone: string;
  phone_number_id: string | null;
  body: OutgoingMessage & { message_id?: string };
  text_fallback: string | null;
  template_fallback: Template | null;
  state: string;
}

/** How soon a message held back by an earlier one to its customer looks again (real clock, like the worker). */
const ORDER_WAIT_MS = 100;
/** Slots a send may miss in a row (each taken anew) before its job is put off. */
const SLOT_TRIES = 3;

/**
 * Waits for a send slot of the number and the customer: undefined once it is time to send, or when
 * to run the job again. A slot missed by more than {@link LATE_SLOT_MS} (the process stalled) is
 * given up for a new one, the customer's own spacing kept (`replacing`: src/messaging/pacing.ts).
 */
export async function sendSlot(
  deps: SendDeps,
  phoneNumberId: string,
  row: { readonly id: string; readonly customer_phone: string },
): Promise<{ delayUntil: Date } | undefined> {
  let replacing: number | undefined;
  for (let tries = 1; ; tries++) {
    const pacing = await deps.pacer.take(phoneNumberId, row.customer_phone, replacing);
    if (!pacing.ok) {
      deps.metrics?.limiterWait(pacing.reason, 0);
      return { delayUntil: new Date(pacing.retryAt) };
    }
    if (pacing.waitMs > 0) {
      deps.metrics?.limiterWait('number', pacing.waitMs / 1_000);
      // Until the slot's instant, not for `waitMs` from now: the commit took some of it already.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, pacing.sendAt - Date.now())));
    }
    const lateMs = Date.now() - pacing.sendAt;
    if (lateMs <= LATE_SLOT_MS) {
      deps.onSlot?.(phoneNumberId, row.customer_phone, pacing);
      return undefined;
    }
    deps.log.debug({ outbound: row.id, lateMs }, 'send slot missed; taking a new one');
    if (tries >= SLOT_TRIES) return { delayUntil: new Date() };
    replacing = pacing.pairUntil;
  }
}

/**
 * A send this late for its slot gives the slot up and takes a new one. Slots are evenly spaced, so
 * sends on time never crowd a second; a process that stalled (a long collection, a busy loop) would
 * release its overdue sends at once, beside the other instances' punctual ones, and Meta would count
 * more than the limit in that second (measured: 88 in one second at 80/s, bench/scale.ts). Slots
 * are `(1000 ms + PACING_GUARD_MS) / rate` apart, so a second holds at most `rate` sends as long as
 * each reaches Meta less than the guard (35 ms) after its slot: 20 ms are allowed here, 15 are left
 * to the request's own way there (building it, the socket, the other side reading it: 5 ms were
 * not always enough on a loaded 2-core machine).
 */
const LATE_SLOT_MS = PACING_GUARD_MS - 15;

/**
 * The `outbound.send` job. A message waits for Meta's limits (src/messaging/pacing.ts) by delaying the
 * job, or, for a slot taken at most a second ahead, by sleeping until it; a non-retryable Graph error (131047, 132xxx…) is recorded with its code and not
 * retried; other errors throw, so the queue retries with backoff. A message waits, too, while an earlier
 * one to the same customer is unsent (`earlierUnsent`), so one customer's messages leave in order.
 * At-least-once: if the process dies between Meta's answer and the commit below, the retry sends again.
 */
async function sendOutbound(deps: SendDeps, outboundId: number, ctx: JobContext): Promise<JobOutcome> {
  const { rows } = await deps.db.query<OutboundRow>('SELECT * FROM outbound_messages WHERE id = $1', [outboundId]);
  const row = rows[0];
  if (row?.state !== 'pending') return;
  const phoneNumberId = row.phone_number_id ?? deps.defaultPhoneNumberId;
  if (!phoneNumberId) throw new ConfigError(['PHONE_NUMBER_ID is required to send messages']);
  // Before the limiter: a message that will not be sent must not take a send slot.
  const blocked = await templateBlocked(deps.db, row.body);
  const counted = (outcome: SendOutcome) => deps.metrics?.send(row.kind, outcome);
  if (blocked) {
    await recordRefusal(deps, row, blocked.code, `template ${blocked.template} is ${blocked.status} at Meta; not sent`);
    counted('blocked');
    return;
  }
  if (row.kind !== 'read') {
    // In order per customer: the confirmation queued with the booking goes before a reminder due at once.
    const earlier = await earlierUnsent(deps.db, Number(row.id), row.customer_phone);
    if (earlier.length > 0) {
      // An answer must not wait for the bulk lane behind a reminder to the same customer: that reminder goes first, now.
      if (ctx.priority === 'interactive') await promoteJobs(deps.db, earlier);
      return { delayUntil: new Date(Date.now() + ORDER_WAIT_MS) };
    }
    const slot = await sendSlot(deps, phoneNumberId, row);
    if (slot) return slot;
  }
  let wamid: string | null = null;
  try {
    if (row.kind === 'read') await deps.graph.markAsRead(String(row.body.message_id), phoneNumberId);
    else wamid = (await deps.graph.sendMessage(await addressed(deps.db, row.body), phoneNumberId)).wamid;
  } catch (error) {
    if (error instanceof GraphApiError && !error.retryable) {
      await recordRefusal(deps, row, error.metaCode ?? error.httpStatus, error.message);
      counted('refused');
      return;
    }
    counted('retry');
    throw error;
  }
  counted('accepted');
  await deps.db.transaction(async (tx) => {
    await tx.query(
      `UPDATE outbound_messages SET state = 'accepted', wamid = $2, updated_at = now() WHERE id = $1 AND state = 'pending'`,
      [row.id, wamid],
    );
    if (wamid) await applyEarlyStatuses(tx, wamid, deps.log);
  });
}

/**
 * A message queued for a BSUID also names the customer's phone number when a webhook has linked one
 * since: with both, Meta delivers to the phone number (docs/protocol.md §11.1).
 */
async function addressed(db: Database, body: OutboundRow['body']): Promise<OutgoingMessage> {
  if (body.to !== undefined || body.recipient === undefined) return body;
  const { phone } = await customerReach(db, body.recipient);
  return phone ? { ...body, to: phone, recipient: body.recipient } : body;
}

/**
 * A template whose language is in any state but APPROVED (PAUSED, REJECTED, DISABLED, …; a FLAGGED one
 * stays APPROVED) is not sent (docs/templates.md): refused here with the Cloud API code it would get
 * (132015 paused, 132016 disabled, else 132001), so the same fallback applies. A language Meta never
 * reported on is sent: Meta decides.
 */
async function templateBlocked(
  db: Database,
  body: OutboundRow['body'],
): Promise<{ template: string; status: string; code: number } | undefined> {
  if (body.type !== 'template') return undefined;
  const { name, language } = body.template as Template;
  const status = await templateState(db, name, language.code);
  if (status === undefined || status === 'APPROVED') return undefined;
  return { template: `${name}/${language.code}`, status, code: REFUSAL_CODES[status] ?? 132001 };
}

/** The Cloud API code Meta answers a template in this state with (docs/protocol.md §11.5); others 132001. */
const REFUSAL_CODES: Readonly<Record<string, number>> = { PAUSED: 132015, DISABLED: 132016 };

/** The Flow a Flow message opens (`interactive.action.parameters.flow_id`), when it names one by id. */
function flowIdOf(body: OutboundRow['body']): string | undefined {
  const parameters = (body as { interactive?: { action?: { parameters?: { flow_id?: unknown } } } }).interactive?.action
    ?.parameters;
  return typeof parameters?.flow_id === 'string' ? parameters.flow_id : undefined;
}

async function recordRefusal(deps: SendDeps, row: OutboundRow, code: number, message: string): Promise<void> {
  deps.log.warn({ outboundId: Number(row.id), kind: row.kind, code }, 'Graph API refused a message; not retried');
  await deps.db.transaction(async (tx) => {
    const { rows } = await tx.query(
      `UPDATE outbound_messages SET state = 'failed', error_code = $2, error_title = $3, updated_at = now()
       WHERE id = $1 AND state = 'pending' RETURNING id`,
      [row.id, code, message.slice(0, 300)],
    );
    if (rows.length === 0) return;
    const flowId = row.kind === 'flow' ? flowIdOf(row.body) : undefined;
    if (flowId && (code === FLOW_BLOCKED_CODE || code === FLOW_THROTTLED_CODE)) {
      // Meta knows before its webhook arrives: later customers get the text at once (flow-health.ts).
      await recordFlowRefusal(tx, flowId, code, deps.log);
    }
    if (code === OUTSIDE_WINDOW) {
      await resendAsTemplate(tx, {
        id: Number(row.id),
        kind: row.kind,
        dedupKey: row.dedup_key,
        customerPhone: row.customer_phone,
        phoneNumberId: row.phone_number_id,
        templateFallback: row.template_fallback,
      });
      return;
    }
    // The template or the Flow cannot be sent (132xxx): inside the 24-h window the same words, or how
    // else to book, go as text.
    if (
      row.text_fallback &&
      code >= 132000 &&
      code < 133000 &&
      (await insideWindow(tx, row.customer_phone, SERVICE_WINDOW_MS, deps.clock()))
    ) {
      await queueOutbound(tx, {
        dedupKey: `${row.dedup_key}:text`,
        kind: 'text',
        customerPhone: row.customer_phone,
        phoneNumberId: row.phone_number_id ?? undefined,
        body: textMessage(row.customer_phone, row.text_fallback),
      });
    }
  });
}

/** The sender's job: `outbound.send` sends one queued message. */
export function messagingJobs(deps: SendDeps): Pick<JobHandlers, 'outbound.send'> {
  return { 'outbound.send': ({ outboundId }, ctx) => sendOutbound(deps, outboundId, ctx) };
}
