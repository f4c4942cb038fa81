import { setChosenLanguage } from '../customers/customers.ts';
import { menuStrings } from '../messaging/menu-strings.ts';
import { listMessage, textMessage } from '../whatsapp/messages.ts';
import { answerTo, reply, templateLanguages, type ConversationDeps, type StoredMessage } from '../messaging/context.ts';

/**
 * The explicit language choice (docs/templates.md): a "language" keyword in any supported language is answered
 * with a list of the languages the business's templates exist in; the choice is stored and outranks
 * the keyword's language, the calling code and the business default from then on.
 */
/** Each keyword with the language it is a word of; null for one shared by two (Spanish and Portuguese "idioma"). */
const LANGUAGE_WORDS: Readonly<Record<string, string | null>> = {
  language: 'en',
  languages: 'en',
  idioma: null,
  idiomas: null,
  langue: 'fr',
  sprache: 'de',
  dil: 'tr',
  لغة: 'ar',
  اللغة: 'ar',
  زبان: 'fa',
  भाषा: 'hi',
  língua: 'pt',
  lingua: 'pt',
};

/** The names customers recognise their language by, in that language. */
const NATIVE_NAMES: Readonly<Record<string, string>> = {
  en_US: 'English (US)',
  en_GB: 'English (UK)',
  ar: 'العربية',
  fa: 'فارسی',
  es: 'Español',
  fr: 'Français',
  pt_BR: 'Português (Brasil)',
  de: 'Deutsch',
  tr: 'Türkçe',
  hi: 'हिन्दी',
};

const CHOSEN: Readonly<Record<string, string>> = {
  en: 'Done: I will write to you in English. Write "appointment" to book.',
  ar: 'تم: سأراسلك بالعربية. اكتب "موعد" للحجز.',
  fa: 'انجام شد: از این پس به فارسی می‌نویسم. برای رزرو «نوبت» را بنویسید.',
  es: 'Hecho: te escribiré en español. Escribe "cita" para reservar.',
  fr: 'C’est noté : je vous écrirai en français. Écrivez « rendez-vous » pour réserver.',
  pt: 'Pronto: vou escrever em português. Escreva "agendamento" para marcar.',
  de: 'Erledigt: Ich schreibe Ihnen auf Deutsch. Schreiben Sie „Termin“, um zu buchen.',
  tr: 'Tamam: Size Türkçe yazacağım. Randevu almak için "randevu" yazın.',
  hi: 'हो गया: मैं आपको हिन्दी में लिखूँगा। बुक करने के लिए "अपॉइंटमेंट" लिखें।',
};

const MAX_ROWS = 10; // an interactive list holds at most 10 rows (docs/protocol.md §7)

/** The confirmation of a chosen language, in that language (`pt_BR` → pt; unknown → English). */
export function chosenText(code: string): string {
  return CHOSEN[code.split('_')[0] ?? ''] ?? CHOSEN.en!;
}

/** Base languages with a confirmation of their own (test/words checks each). */
export const CHOSEN_LANGUAGES = Object.keys(CHOSEN);

/**
 * Whether the text asks to change language (a keyword as a whole word), and the base language the
 * keyword is a word of ("sprache" → de; "idioma", Spanish and Portuguese alike, names none).
 */
export function asksForLanguage(text: string): { readonly keyword: string | undefined } | undefined {
  const words = text
    .normalize('NFC')
    .toLocaleLowerCase()
    .split(/[\s\p{P}]+/u);
  for (const w of words) if (Object.hasOwn(LANGUAGE_WORDS, w)) return { keyword: LANGUAGE_WORDS[w] ?? undefined };
  return undefined;
}

/**
 * Answers with the list of languages (row ids `lang:<code>`), its text and button in `language` (the
 * customer's, src/conversation/menu.ts `answerLanguage`); each row names its language in that language.
 */
export async function offerLanguages(deps: ConversationDeps, message: StoredMessage, language: string): Promise<void> {
  const t = menuStrings(language);
  const rows = templateLanguages(deps.templates)
    .slice(0, MAX_ROWS)
    .map((code) => ({ id: `lang:${code}`, title: (NATIVE_NAMES[code] ?? code).slice(0, 24), description: code }));
  const [first, ...rest] = rows;
  if (!first) return;
  const body = listMessage(message.customerPhone, {
    body: t.languageBody,
    button: t.languageButton,
    sections: [{ rows: [first, ...rest] }],
  });
  await reply(deps, message, [answerTo(message, 'list', body)]);
}

/**
 * Stores the chosen language as explicit and confirms in it; an unknown code gets the list again, in
 * the language `answering` finds (the one the customer is answered in so far: asked only then).
 */
export async function chooseLanguageReply(
  deps: ConversationDeps,
  message: StoredMessage,
  code: string,
  answering: () => Promise<string>,
): Promise<void> {
  if (!templateLanguages(deps.templates).includes(code)) return offerLanguages(deps, message, await answering());
  const text = chosenText(code);
  const body = textMessage(message.customerPhone, text);
  await reply(deps, message, [answerTo(message, 'text', body)], (tx) =>
    setChosenLanguage(tx, message.customerPhone, code),
  );
}
