import { setChosenLanguage } from '../customers/customers.ts';
import { listMessage, textMessage } from '../whatsapp/messages.ts';
import { answerTo, reply, templateLanguages, type ConversationDeps, type StoredMessage } from '../messaging/context.ts';

/**
 * The explicit language choice (docs/templates.md): a "language" keyword in any supported language is answered
 * with a list of the languages the business's templates exist in; the choice is stored and outranks
 * the keyword's language, the calling code and the business default from then on.
 */
const LANGUAGE_WORDS = [
  'language',
  'languages',
  'idioma',
  'idiomas',
  'langue',
  'sprache',
  'dil',
  'لغة',
  'اللغة',
  'زبان',
  'भाषा',
  'língua',
  'lingua',
];

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

const MENU = { body: 'Choose your language · اختر لغتك · Elige tu idioma', button: 'Languages' };
const MAX_ROWS = 10; // an interactive list holds at most 10 rows (docs/protocol.md §7)

/** True when the text is a request to change language (a keyword as a whole word). */
export function asksForLanguage(text: string): boolean {
  const words = text
    .normalize('NFC')
    .toLocaleLowerCase()
    .split(/[\s\p{P}]+/u);
  return words.some((w) => LANGUAGE_WORDS.includes(w));
}

/** Answers with the list of languages (row ids `lang:<code>`). */
export async function offerLanguages(deps: ConversationDeps, message: StoredMessage): Promise<void> {
  const rows = templateLanguages(deps.templates)
    .slice(0, MAX_ROWS)
    .map((code) => ({ id: `lang:${code}`, title: (NATIVE_NAMES[code] ?? code).slice(0, 24), description: code }));
  const [first, ...rest] = rows;
  if (!first) return;
  const body = listMessage(message.customerPhone, {
    body: MENU.body,
    button: MENU.button,
    sections: [{ rows: [first, ...rest] }],
  });
  await reply(deps, message, [answerTo(message, 'list', body)]);
}

/** Stores the chosen language as explicit and confirms in it; an unknown code gets the list again. */
export async function chooseLanguageReply(deps: ConversationDeps, message: StoredMessage, code: string): Promise<void> {
  if (!templateLanguages(deps.templates).includes(code)) return offerLanguages(deps, message);
  const text = CHOSEN[code.split('_')[0] ?? ''] ?? CHOSEN.en!;
  const body = textMessage(message.customerPhone, text);
  await reply(deps, message, [answerTo(message, 'text', body)], (tx) =>
    setChosenLanguage(tx, message.customerPhone, code),
  );
}
