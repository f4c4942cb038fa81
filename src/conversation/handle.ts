import { customerTag } from '../log.ts';
import { completeBooking } from './booking-flow.ts';
import { startBooking } from './booking-flow.ts';
import type { ConversationDeps, StoredMessage } from './context.ts';
import { detectIntent } from './intents.ts';
import { asksForLanguage, chooseLanguageReply, offerLanguages } from './language-choice.ts';
import { askCancel, confirmCancel, listUpcoming, sendHelp } from './manage.ts';
import { handleQuickReply } from '../reminders/replies.ts';

export type { ConversationDeps, StoredMessage } from './context.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

async function loadMessage(deps: ConversationDeps, wamid: string): Promise<StoredMessage | undefined> {
  const { rows } = await deps.db.query<{
    wamid: string; customer_phone: string; phone_number_id: string | null; type: string; message: Obj; profile_name: string | null; handled_at: Date | null;
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

/**
 * The `message.handle` job: answers one incoming message once. Keywords start a booking or list
 * bookings; an `nfm_reply` completes one; list and button replies drive cancelling; template quick
 * replies answer a reminder (src/reminders/replies.ts); anything else
 * gets the (rate-limited) help text.
 */
export async function handleMessage(deps: ConversationDeps, wamid: string): Promise<void> {
  const message = await loadMessage(deps, wamid);
  if (!message) return;
  deps.log.debug({ customer: customerTag(message.customerPhone), type: message.type }, 'handling a message');
  if (message.type === 'text') {
    const text = String(obj(message.message.text).body ?? '');
    if (asksForLanguage(text)) return offerLanguages(deps, message);
    const intent = detectIntent(text, deps.keywords);
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
    if ((action === 'cancel' || action === 'keep') && id) return confirmCancel(deps, message, id, action === 'keep');
  }
  return sendHelp(deps, message);
}
