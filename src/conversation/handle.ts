import type { JobHandlers } from '../jobs/registry.ts';
import { customerTag } from '../log.ts';
import { inboundEvent, unansweredMessage } from '../messaging/inbound.ts';
import { completeBooking, startBooking } from './booking-flow.ts';
import { reply, type ConversationDeps } from '../messaging/context.ts';
import { detectIntent } from './intents.ts';
import { asksForLanguage, chooseLanguageReply, offerLanguages } from './language-choice.ts';
import { askCancel, confirmCancel, listUpcoming, sendHelp } from './manage.ts';
import { handleQuickReply, rescheduleFromChat } from '../reminders/replies.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/**
 * The `message.handle` job: answers one incoming message once. Events (reactions, revokes, edits,
 * call-permission replies, system notices) get no answer; keywords start a booking or list
 * bookings; an `nfm_reply` completes one; list and button replies drive cancelling; template quick
 * replies answer a reminder (src/reminders/replies.ts); anything else
 * gets the (rate-limited) help text.
 */
async function handleMessage(deps: ConversationDeps, wamid: string): Promise<void> {
  const message = await unansweredMessage(deps.db, wamid);
  if (!message) return;
  const event = inboundEvent(message.type, message.message);
  deps.log.debug({ customer: customerTag(message.customerPhone), type: message.type, event }, 'handling a message');
  // Marked handled with nothing sent: an event is not a request (docs/protocol.md §11.4).
  if (event) return reply(deps, message, []);
  if (message.type === 'text') {
    const text = String(obj(message.message.text).body ?? '');
    if (asksForLanguage(text)) return offerLanguages(deps, message);
    const intent = detectIntent(text);
    if (intent.kind === 'book') return startBooking(deps, message, intent.language);
    if (intent.kind === 'manage') return listUpcoming(deps, message, intent.language);
    return sendHelp(deps, message);
  }
  // A template quick reply (the reminder's Confirm / Cancel / Reschedule).
  if (message.type === 'button' && (await handleQuickReply(deps, message))) return;
  if (message.type === 'interactive') {
    const interactive = obj(message.message.interactive);
    if (interactive.type === 'nfm_reply') return completeBooking(deps, message, obj(interactive.nfm_reply));
    const chosen = String(obj(interactive.list_reply).id ?? obj(interactive.button_reply).id ?? '');
    const [action, id] = chosen.split(':');
    if (action === 'lang' && id) return chooseLanguageReply(deps, message, id);
    if (action === 'booking' && id) return askCancel(deps, message, id);
    if (action === 'reschedule' && id) return rescheduleFromChat(deps, message, id);
    if ((action === 'cancel' || action === 'keep') && id) return confirmCancel(deps, message, id, action === 'keep');
  }
  return sendHelp(deps, message);
}

/** The conversation's job: `message.handle` answers one incoming message. */
export function conversationJobs(deps: ConversationDeps): Pick<JobHandlers, 'message.handle'> {
  return { 'message.handle': ({ wamid }) => handleMessage(deps, wamid) };
}
