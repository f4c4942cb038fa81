/**
 * A conversation with a person (issue #18): what the customer is told, what pauses the assistant, and
 * how it hands back. The customer asks ("Talk to us"), is told a person will answer here, and can tap
 * "Back to assistant"; staff answer and close through the admin API (src/handoff/admin-routes.ts); a
 * `handoff.timeout` job hands back HANDOFF_TIMEOUT_MINUTES after the latest message either way.
 */
import { randomUUID } from 'node:crypto';
import { insideWindow, storedLanguage } from '../customers/customers.ts';
import type { Queryable } from '../db/types.ts';
import { ConflictError } from '../errors.ts';
import { enqueue, type JobHandlers } from '../jobs/registry.ts';
import { customerTag } from '../log.ts';
import { answerTo, customerLanguage, reply, type ConversationDeps, type StoredMessage } from '../messaging/context.ts';
import { menuStrings } from '../messaging/menu-strings.ts';
import { queueOutbound } from '../messaging/outbox.ts';
import { SERVICE_WINDOW_MS } from '../messaging/window.ts';
import { buttonsMessage, textMessage } from '../whatsapp/messages.ts';
import {
  closeHandoff,
  expireHandoff,
  openHandoff,
  openHandoffOf,
  touchHandoff,
  type ClosedBy,
  type Handoff,
} from './handoffs.ts';

export const DEFAULT_HANDOFF_TIMEOUT_MS = 24 * 60 * 60_000;

/** Outbox keys of staff messages start so: the conversation view tells them from the assistant's. */
export const STAFF_KEY_PREFIX = 'staff:';

/** The reply-button id of "Back to assistant". */
export const END_HANDOFF_ID = 'handoff:end';

const timeoutOf = (deps: ConversationDeps) => deps.handoffTimeoutMs ?? DEFAULT_HANDOFF_TIMEOUT_MS;

async function scheduleTimeout(tx: Queryable, handoff: Handoff): Promise<void> {
  await enqueue(
    tx,
    'handoff.timeout',
    { handoffId: handoff.id },
    { runAt: handoff.expiresAt, dedupKey: `handoff-timeout:${handoff.id}` },
  );
}

/** "Talk to us": the handoff opens (or stays open) and the customer is told a person will answer here. */
export async function requestHandoff(deps: ConversationDeps, message: StoredMessage, language: string): Promise<void> {
  const phone = message.customerPhone;
  const t = menuStrings(language);
  const body = buttonsMessage(phone, {
    body: t.handoffOpened,
    buttons: [{ id: END_HANDOFF_ID, title: t.handoffBack }],
  });
  await reply(deps, message, [answerTo(message, 'buttons', body)], async (tx) => {
    const { handoff, opened } = await openHandoff(tx, phone, 'customer', new Date(deps.clock()), timeoutOf(deps));
    if (opened) await scheduleTimeout(tx, handoff);
  });
  deps.log.info({ customer: customerTag(phone) }, 'handoff requested');
}

/**
 * While the customer's handoff is open their message is for staff: it is stored already (the admin API
 * shows it), marked handled with nothing sent, and the timeout starts again. False when none is open.
 */
export async function holdForStaff(deps: ConversationDeps, message: StoredMessage): Promise<boolean> {
  const open = await openHandoffOf(deps.db, message.customerPhone);
  if (!open) return false;
  await reply(deps, message, [], (tx) => touchHandoff(tx, open.id, new Date(deps.clock()), timeoutOf(deps)));
  return true;
}

/** "Back to assistant" tapped: the handoff closes (if still open) and the customer is told so. */
export async function endHandoffByCustomer(
  deps: ConversationDeps,
  message: StoredMessage,
  language: string,
): Promise<void> {
  const phone = message.customerPhone;
  const body = textMessage(phone, menuStrings(language).handoffClosed);
  await reply(deps, message, [answerTo(message, 'text', body)], async (tx) => {
    await closeHandoff(tx, phone, 'customer', new Date(deps.clock()));
  });
}

/**
 * Tells the customer the assistant is back, once per handoff. Only inside the 24-hour window: outside it
 * Meta refuses a free-form message (docs/protocol.md §7) and no template says this, so nothing is sent.
 */
async function announceResumed(deps: ConversationDeps, tx: Queryable, handoff: Handoff): Promise<void> {
  const customer = handoff.customer;
  if (!(await insideWindow(tx, customer, SERVICE_WINDOW_MS, deps.clock()))) return;
  const language = (await storedLanguage(tx, customer)) ?? customerLanguage(deps, customer, null, undefined);
  await queueOutbound(tx, {
    dedupKey: `handoff:${handoff.id}:closed`,
    kind: 'text',
    customerPhone: customer,
    phoneNumberId: undefined,
    body: textMessage(customer, menuStrings(language).handoffClosed),
  });
}

/** The `handoff.timeout` job: closes an expired handoff; one whose expiry moved runs again then. */
export function handoffJobs(deps: ConversationDeps): Pick<JobHandlers, 'handoff.timeout'> {
  return {
    'handoff.timeout': async ({ handoffId }) => {
      const now = deps.clock();
      const result = await deps.db.transaction(async (tx) => {
        const found = await expireHandoff(tx, handoffId, new Date(now));
        if (found?.expired) await announceResumed(deps, tx, found.handoff);
        return found;
      });
      if (result?.expired) deps.log.info({ customer: customerTag(result.handoff.customer) }, 'handoff timed out');
      if (result && !result.expired && result.handoff.state === 'open') {
        // The worker measures delays on the real clock, not the app's (frozen in some tests).
        return { delayUntil: new Date(Date.now() + (result.handoff.expiresAt.getTime() - now)) };
      }
    },
  };
}

/**
 * A staff member's message to the customer, free-form, so only inside the 24-hour window (else
 * FB_SERVICE_WINDOW, 409). It opens a handoff when none is open (a person is talking: the assistant
 * pauses) and restarts the timeout. Returns the outbound message's id and the handoff.
 */
export async function sendStaffMessage(
  deps: ConversationDeps,
  customer: string,
  text: string,
): Promise<{ readonly outboundId: number; readonly handoff: Handoff }> {
  const now = deps.clock();
  const body = textMessage(customer, text);
  return deps.db.transaction(async (tx) => {
    if (!(await insideWindow(tx, customer, SERVICE_WINDOW_MS, now))) {
      throw new ConflictError(
        'FB_SERVICE_WINDOW',
        'Outside the 24-hour customer-service window: the customer last wrote more than 24 hours ago, and until ' +
          'they write again WhatsApp accepts only approved templates, not free-form messages',
        { windowHours: SERVICE_WINDOW_MS / 3_600_000 },
      );
    }
    const { handoff, opened } = await openHandoff(tx, customer, 'staff', new Date(now), timeoutOf(deps));
    if (opened) await scheduleTimeout(tx, handoff);
    else await touchHandoff(tx, handoff.id, new Date(now), timeoutOf(deps));
    const outboundId = await queueOutbound(tx, {
      dedupKey: `${STAFF_KEY_PREFIX}${randomUUID()}`,
      kind: 'text',
      customerPhone: customer,
      phoneNumberId: undefined,
      body,
    });
    if (outboundId === undefined) throw new Error('a fresh staff message key was already used');
    return { outboundId, handoff: (await openHandoffOf(tx, customer)) ?? handoff };
  });
}

/** Staff close the conversation: the assistant answers again and the customer is told (inside 24 h). */
export async function closeByStaff(deps: ConversationDeps, customer: string, by: ClosedBy = 'staff'): Promise<Handoff> {
  return deps.db.transaction(async (tx) => {
    const closed = await closeHandoff(tx, customer, by, new Date(deps.clock()));
    if (!closed) throw new ConflictError('FB_HANDOFF_STATE', 'No conversation with a person is open for this customer');
    await announceResumed(deps, tx, closed);
    return closed;
  });
}
