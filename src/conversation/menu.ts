/**
 * Every message gets an answer (issue #18): a message the assistant does not understand gets the menu
 * (Book, My appointments, Reschedule, My waitlist, Language, Talk to us) in the customer's language; another within
 * the menu interval gets a one-line pointer to it, never silence and never the menu over and over.
 */
import { chosenLanguage, rememberLanguage, storedLanguage, takeHelpSlot } from '../customers/customers.ts';
import { requestHandoff } from '../handoff/chat.ts';
import {
  answerTo,
  customerLanguage,
  reply,
  templateLanguages,
  type ConversationDeps,
  type StoredMessage,
} from '../messaging/context.ts';
import { menuStrings } from '../messaging/menu-strings.ts';
import { queueOutbound } from '../messaging/outbox.ts';
import { listMessage, textMessage } from '../whatsapp/messages.ts';
import { startBooking } from './booking-flow.ts';
import { offerLanguages } from './language-choice.ts';
import { listUpcoming } from './manage.ts';
import { chooseReschedule } from './reschedule-choice.ts';
import { writtenLanguage } from './written-language.ts';
import { showWaitlist } from '../waitlist/chat.ts';
import { waitlistStrings } from '../waitlist/strings.ts';

const DEFAULT_MENU_INTERVAL_MS = 60 * 60_000;

/** The menu's rows, by id (`menu:<choice>`). */
export const MENU_CHOICES = ['book', 'mine', 'reschedule', 'waitlist', 'language', 'human'] as const;
export type MenuChoice = (typeof MENU_CHOICES)[number];

const base = (language: string) => language.split('_')[0] ?? language;

/** The menu: a list, because six choices do not fit in three reply buttons (docs/protocol.md §7). */
function menuMessage(to: string, language: string) {
  const t = menuStrings(language);
  const titles: Record<MenuChoice, string> = {
    book: t.menuBook,
    mine: t.menuMine,
    reschedule: t.menuReschedule,
    waitlist: waitlistStrings(language).listButton,
    language: t.menuLanguage,
    human: t.menuHuman,
  };
  const [first, ...rest] = MENU_CHOICES.map((choice) => ({ id: `menu:${choice}`, title: titles[choice] }));
  return listMessage(to, { body: t.menuBody, button: t.menuButton, sections: [{ rows: [first!, ...rest] }] });
}

/**
 * The language to answer in: the one the customer chose (never overridden by a guess); else the one
 * `spoken` says the text is in (a keyword's or a greeting's language, else what identification finds);
 * else the stored guess; else the calling code or the business default. `fromText` says whether the
 * text decided it (then it is remembered).
 */
export async function answerLanguage(
  deps: ConversationDeps,
  message: Pick<StoredMessage, 'customerPhone' | 'phoneNumberId'>,
  spoken?: { readonly keyword?: string | undefined; readonly text?: string | undefined },
): Promise<{ readonly language: string; readonly fromText: boolean }> {
  const phone = message.customerPhone;
  const number = message.phoneNumberId;
  const chosen = await chosenLanguage(deps.db, phone);
  if (chosen) return { language: chosen, fromText: false };
  const bases = [...new Set(templateLanguages(deps.templates).map(base))];
  const fromText = spoken?.keyword ?? (spoken?.text ? await writtenLanguage(spoken.text, bases) : undefined);
  if (fromText) return { language: customerLanguage(deps, phone, null, fromText, number), fromText: true };
  const stored = await storedLanguage(deps.db, phone);
  return { language: stored ?? customerLanguage(deps, phone, null, undefined, number), fromText: false };
}

/**
 * The menu, or the pointer when the menu went to this customer within the interval. `always` sends the
 * menu whatever the interval (the customer asked for it: "menu", "help").
 */
export async function sendMenu(
  deps: ConversationDeps,
  message: StoredMessage,
  spoken: { readonly keyword?: string | undefined; readonly text?: string | undefined } = {},
  always = false,
): Promise<void> {
  const phone = message.customerPhone;
  const { language, fromText } = await answerLanguage(deps, message, spoken);
  const now = new Date(deps.clock());
  const intervalMs = always ? 0 : (deps.helpIntervalMs ?? DEFAULT_MENU_INTERVAL_MS);
  await reply(deps, message, [], async (tx) => {
    if (fromText) await rememberLanguage(tx, phone, language);
    const full = await takeHelpSlot(tx, phone, now, intervalMs);
    const answer = full
      ? answerTo(message, 'list', menuMessage(phone, language))
      : answerTo(message, 'text', textMessage(phone, menuStrings(language).pointer));
    await queueOutbound(tx, answer);
  });
}

/** A row of the menu was tapped. An unknown choice (an old menu, a forged id) gets the menu. */
export async function menuChoice(deps: ConversationDeps, message: StoredMessage, choice: string): Promise<void> {
  const { language } = await answerLanguage(deps, message);
  switch (choice as MenuChoice) {
    case 'book':
      return startBooking(deps, message, base(language));
    case 'mine':
      return listUpcoming(deps, message, base(language));
    case 'reschedule':
      return chooseReschedule(deps, message, language);
    case 'waitlist':
      return showWaitlist(deps, message, language, () => startBooking(deps, message, base(language)));
    case 'language':
      return offerLanguages(deps, message, language);
    case 'human':
      return requestHandoff(deps, message, language);
    default:
      return sendMenu(deps, message, {}, true);
  }
}
