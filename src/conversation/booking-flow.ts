import { confirmSession } from '../booking/session-confirm.ts';
import { bookingOfSession } from '../booking/bookings.ts';
import type { Booking } from '../booking/rows.ts';
import type { FlowSession } from '../flows/token.ts';
import { customerTag } from '../log.ts';
import { flowMessage, markRead, textMessage } from '../whatsapp/messages.ts';
import { chosenLanguage, rememberLanguage, storedLanguage } from '../customers/customers.ts';
import {
  answerTo,
  customerLanguage,
  flowTarget,
  reply,
  type ConversationDeps,
  type StoredMessage,
} from '../messaging/context.ts';
import { rescheduleOfSession, sentMessageAbout, type OutboundRequest } from '../messaging/outbox.ts';
import { flowSendable } from '../messaging/flow-health.ts';
import { bookElsewhereText } from '../messaging/render.ts';
import { chatStrings } from '../messaging/strings.ts';
import { flowInvitation } from '../messaging/window.ts';
import { ensureConfirmation } from './confirmation.ts';

/**
 * A booking keyword: a Flow message with a fresh flow token for this customer (docs/protocol.md §2.5, §7),
 * `data_exchange` so the endpoint serves the first screen, in the customer's language; outside the 24-hour window
 * the same token goes on the Flow button of the `appointment_booking` template (docs/protocol.md §11.4).
 */
export async function startBooking(
  deps: ConversationDeps,
  message: StoredMessage,
  keywordLanguage: string,
): Promise<void> {
  const phone = message.customerPhone;
  const language =
    (await chosenLanguage(deps.db, phone)) ??
    customerLanguage(deps, phone, await storedLanguage(deps.db, phone), keywordLanguage, message.phoneNumberId);
  const elsewhere = bookElsewhereText(deps.catalog(), language);
  const target = flowTarget(deps, message.phoneNumberId);
  if ('flowId' in target && !(await flowSendable(deps.db, target.flowId))) {
    // Meta throttled or blocked the Flow: a Flow message would fail, so say how else to book.
    await reply(
      deps,
      message,
      [answerTo(message, 'text', textMessage(phone, elsewhere), { dedupKey: `flow:${message.wamid}` })],
      (tx) => rememberLanguage(tx, phone, language),
    );
    return;
  }
  const { token, session } = deps.tokens.mint(
    { customer: phone, language, ...(message.phoneNumberId ? { number: message.phoneNumberId } : {}) },
    deps.clock(),
  );
  const t = chatStrings(language);
  const body = flowMessage(phone, {
    ...target,
    flowToken: token,
    cta: t.flowCta,
    body: t.flowBody,
    flowAction: 'data_exchange',
  });
  // Answered more than 24 h after the customer wrote (a late delivery): the Flow goes as a template.
  const invitation = await flowInvitation(deps, phone, language, token, body);
  await reply(
    deps,
    message,
    [
      {
        dedupKey: `flow:${message.wamid}`,
        ...invitation,
        customerPhone: phone,
        phoneNumberId: message.phoneNumberId,
        textFallback: elsewhere,
        flowSessionId: session.id,
      },
    ],
    (tx) => rememberLanguage(tx, phone, language),
  );
}

/** `response_json` is a JSON string (docs/protocol.md §6); anything else yields an empty object. */
export function parseResponseJson(raw: unknown): Record<string, unknown> {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return {};
    }
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Ties a completion to its Flow session: the flow token in `response_json` (authenticity only: a
 * completion may arrive after the token's expiry, so it is opened at time 0), else `context.id` =
 * the Flow message we sent (docs/protocol.md §2.5: some iOS clients omit the token).
 */
async function sessionIdOf(
  deps: ConversationDeps,
  message: StoredMessage,
  response: Record<string, unknown>,
): Promise<string | undefined> {
  try {
    const session: FlowSession = deps.tokens.open(response.flow_token, 0);
    if (session.customer === message.customerPhone) return session.id;
  } catch {
    // fall through to context.id
  }
  const context = message.message.context as { id?: unknown } | undefined;
  if (typeof context?.id !== 'string') return undefined;
  return (await sentMessageAbout(deps.db, context.id, message.customerPhone)).flowSessionId;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The booking of a session, confirmed: normally by the endpoint already; a hold is confirmed (or moves the booking it
 * reschedules) here, idempotently.
 */
async function confirmedBooking(
  deps: ConversationDeps,
  sessionId: string,
  response: Record<string, unknown>,
): Promise<Booking | undefined> {
  const held = await bookingOfSession(deps.db, sessionId);
  if (!held || held.status === 'cancelled') return undefined;
  if (held.status === 'confirmed') return held;
  const details = {
    name: text(response.name) || (held.name ?? ''),
    email: text(response.email) || (held.email ?? ''),
    phone: text(response.phone) || (held.phone ?? ''),
    notes: text(response.more_details) || held.notes,
  };
  const rescheduleOf = await rescheduleOfSession(deps.db, sessionId);
  const { booking } = await confirmSession(
    deps.db,
    { flowToken: sessionId, rescheduleOf, details, now: new Date(deps.clock()) },
    deps.bookingHook,
  );
  return booking;
}

/**
 * An `nfm_reply`: make sure the booking is confirmed, then mark the completion read. The confirmation
 * itself was queued by the confirming transaction (`confirmationHook`): normally the Flow endpoint's,
 * here only for a hold the endpoint did not confirm. A completion for a booking already confirmed, or
 * delivered again, sends nothing more than its read receipt; one whose booking has no confirmation yet (confirmed
 * by a flowbook from before the hook, during an upgrade) queues it then.
 */
export async function completeBooking(
  deps: ConversationDeps,
  message: StoredMessage,
  nfm: Record<string, unknown>,
): Promise<void> {
  const phone = message.customerPhone;
  const response = parseResponseJson(nfm.response_json);
  const sessionId = await sessionIdOf(deps, message, response);
  const booking = sessionId ? await confirmedBooking(deps, sessionId, response) : undefined;
  if (!booking) {
    deps.log.warn(
      { customer: customerTag(phone), linked: sessionId !== undefined },
      'Flow completion without a booking',
    );
  }
  const read: OutboundRequest = {
    dedupKey: `read:${message.wamid}`,
    kind: 'read',
    customerPhone: phone,
    phoneNumberId: message.phoneNumberId,
    body: markRead(message.wamid),
  };
  await reply(deps, message, [read], async (tx) => {
    if (booking) {
      await ensureConfirmation(tx, deps, booking);
      await tx.query(
        'INSERT INTO booking_confirmations (booking_id, wamid) VALUES ($1, $2) ON CONFLICT (booking_id) DO NOTHING',
        [booking.id, message.wamid],
      );
    }
  });
}
