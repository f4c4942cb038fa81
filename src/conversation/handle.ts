import { endHandoffByCustomer, END_HANDOFF_ID, holdForStaff, requestHandoff } from '../handoff/chat.ts';
import type { JobHandlers } from '../jobs/registry.ts';
import { customerTag } from '../log.ts';
import { reply, type ConversationDeps, type StoredMessage } from '../messaging/context.ts';
import { inboundEvent, unansweredMessage } from '../messaging/inbound.ts';
import { handleQuickReply, rescheduleFromChat } from '../reminders/replies.ts';
import { completeBooking, parseResponseJson, startBooking } from './booking-flow.ts';
import { confirmJoined, showWaitlist, waitlistChoice } from '../waitlist/chat.ts';
import { detectIntent } from './intents.ts';
import { asksForLanguage, chooseLanguageReply, offerLanguages } from './language-choice.ts';
import { askCancel, confirmCancel, listUpcoming } from './manage.ts';
import { answerLanguage, menuChoice, sendMenu } from './menu.ts';
import { chooseReschedule } from './reschedule-choice.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** A text: the language list, a keyword's intent (in the keyword's language), else the menu or its pointer. */
async function handleText(deps: ConversationDeps, message: StoredMessage, text: string): Promise<void> {
  const asked = asksForLanguage(text);
  if (asked) return offerLanguages(deps, message, (await answerLanguage(deps, message, asked)).language);
  const current = await answerLanguage(deps, message);
  const intent = detectIntent(text, { prefer: current.language.split('_')[0] });
  if (intent.kind === 'book') return startBooking(deps, message, intent.language);
  if (intent.kind === 'manage') return listUpcoming(deps, message, intent.language);
  if (intent.kind === 'other') return sendMenu(deps, message, { keyword: intent.language, text });
  const { language } = await answerLanguage(deps, message, { keyword: intent.language });
  if (intent.kind === 'reschedule') return chooseReschedule(deps, message, language);
  if (intent.kind === 'waitlist')
    return showWaitlist(deps, message, language, () => startBooking(deps, message, intent.language));
  if (intent.kind === 'human') return requestHandoff(deps, message, language);
  return sendMenu(deps, message, { keyword: intent.language }, true);
}

/** A tapped list row or reply button (`<action>:<id>`); false when it is none of ours. */
async function handleChoice(deps: ConversationDeps, message: StoredMessage, chosen: string): Promise<boolean> {
  const [action, id] = chosen.split(':');
  if (!id) return false;
  if (action === 'menu') await menuChoice(deps, message, id);
  else if (await waitlistChoice(deps, message, action!, id, languageOf(deps, message))) return true;
  else if (action === 'lang')
    await chooseLanguageReply(deps, message, id, async () => (await answerLanguage(deps, message)).language);
  else if (action === 'booking') await askCancel(deps, message, id);
  else if (action === 'cancel' || action === 'keep') await confirmCancel(deps, message, id, action === 'keep');
  else if (action === 'reschedule') await rescheduleFromChat(deps, message, id);
  else return false;
  return true;
}

/**
 * The `message.handle` job: answers one incoming message once. Events (reactions, revokes, edits,
 * call-permission replies, system notices) get no answer. A Flow completion and a reminder's quick
 * reply are acted on even while a person has the conversation (they change a booking); anything else
 * then waits for staff (src/handoff/). Otherwise keywords start a booking, list, reschedule or hand
 * over; list and button replies drive the menu and cancelling; anything else gets the menu or, when
 * the menu went out recently, a pointer to it: never silence.
 */
async function handleMessage(deps: ConversationDeps, wamid: string): Promise<void> {
  const message = await unansweredMessage(deps.db, wamid);
  if (!message) return;
  const event = inboundEvent(message.type, message.message);
  deps.log.debug({ customer: customerTag(message.customerPhone), type: message.type, event }, 'handling a message');
  // Marked handled with nothing sent: an event is not a request (docs/protocol.md §11.4).
  if (event) return reply(deps, message, []);
  const interactive = obj(message.message.interactive);
  if (message.type === 'interactive' && interactive.type === 'nfm_reply') {
    const nfm = obj(interactive.nfm_reply);
    const joined = parseResponseJson(nfm.response_json).waitlist_entry;
    if (typeof joined === 'string') return confirmJoined(deps, message, joined);
    return completeBooking(deps, message, nfm);
  }
  // A template quick reply (the reminder's Confirm / Cancel / Reschedule).
  if (message.type === 'button' && (await handleQuickReply(deps, message))) return;
  const chosen = String(obj(interactive.list_reply).id ?? obj(interactive.button_reply).id ?? '');
  // An answer to a waitlist offer changes a booking: acted on even while a person has the conversation.
  const offerAnswer = message.type === 'button' ? String(obj(message.message.button).payload ?? '') : chosen;
  if (/^wl_(take|pass):/.test(offerAnswer)) {
    const [action, id] = offerAnswer.split(':');
    if (await waitlistChoice(deps, message, action!, id!, languageOf(deps, message))) return;
  }
  if (message.type === 'interactive' && chosen === END_HANDOFF_ID) {
    const { language } = await answerLanguage(deps, message);
    return endHandoffByCustomer(deps, message, language);
  }
  if (await holdForStaff(deps, message)) return;
  if (message.type === 'text') return handleText(deps, message, String(obj(message.message.text).body ?? ''));
  if (message.type === 'interactive' && (await handleChoice(deps, message, chosen))) return;
  return sendMenu(deps, message);
}

/** The customer's answer language, asked only when needed. */
function languageOf(deps: ConversationDeps, message: StoredMessage): () => Promise<string> {
  return async () => (await answerLanguage(deps, message)).language;
}

/** The conversation's job: `message.handle` answers one incoming message. */
export function conversationJobs(deps: ConversationDeps): Pick<JobHandlers, 'message.handle'> {
  return { 'message.handle': ({ wamid }) => handleMessage(deps, wamid) };
}
