/**
 * What a customer's text asks for. Keywords are configurable per base language; the defaults cover
 * the 9 languages the Flow speaks. Matching is by word prefix (so "booking", "Termine" and "citas"
 * count), with Arabic-script articles stripped ("الموعد" → "موعد").
 */

export type Keywords = Readonly<Record<string, readonly string[]>>;

const DEFAULT_BOOKING_KEYWORDS: Keywords = {
  en: ['appointment', 'book'],
  ar: ['موعد', 'حجز'],
  fa: ['نوبت'],
  es: ['cita', 'reservar'],
  fr: ['rendez-vous', 'rdv'],
  pt: ['agendamento', 'agendar', 'marcar'],
  de: ['termin'],
  tr: ['randevu'],
  hi: ['अपॉइंटमेंट'],
};

/** "My appointments" / "cancel": phrases match anywhere in the text, single words by prefix. */
const DEFAULT_MANAGE_KEYWORDS: Keywords = {
  en: ['my appointments', 'my appointment', 'my bookings', 'cancel'],
  ar: ['مواعيدي', 'إلغاء', 'الغاء'],
  fa: ['نوبت‌های من', 'نوبتهای من', 'نوبت های من', 'لغو'],
  es: ['mis citas', 'mi cita', 'cancelar'],
  fr: ['mes rendez-vous', 'mon rendez-vous', 'annuler'],
  pt: ['meus agendamentos', 'meu agendamento', 'cancelar'],
  de: ['meine termine', 'mein termin', 'absagen', 'stornieren'],
  tr: ['randevularım', 'randevum', 'iptal'],
  hi: ['मेरी अपॉइंटमेंट', 'रद्द'],
};

export type Intent =
  | { readonly kind: 'book'; readonly language: string }
  | { readonly kind: 'manage'; readonly language: string }
  | { readonly kind: 'other' };

const ARABIC_PREFIXES = ['وال', 'بال', 'فال', 'ال', 'و'];

function normalise(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase().replace(/\s+/g, ' ').trim();
}

function words(text: string): string[] {
  return text.split(/[^\p{L}\p{M}\p{N}\u200c-]+/u).filter(Boolean);
}

function wordMatches(word: string, keyword: string): boolean {
  if (word.startsWith(keyword)) return true;
  return ARABIC_PREFIXES.some((p) => word.startsWith(p) && word.slice(p.length).startsWith(keyword));
}

/** The language of the longest keyword found ("cancelar" is Spanish or Portuguese, not English "cancel"). */
function find(text: string, keywords: Keywords): string | undefined {
  const list = words(text);
  let best: { language: string; length: number } | undefined;
  for (const [language, entries] of Object.entries(keywords)) {
    for (const raw of entries) {
      const keyword = normalise(raw);
      const hit = /[\s\u200c]/.test(keyword) ? text.includes(keyword) : list.some((w) => wordMatches(w, keyword));
      if (hit && (!best || keyword.length > best.length)) best = { language, length: keyword.length };
    }
  }
  return best?.language;
}

/**
 * Classifies a text. "Manage" wins over "book" because its words often contain a booking keyword
 * ("randevularım" starts with "randevu", "my appointments" with "appointment").
 */
export function detectIntent(text: string, keywords: { booking?: Keywords; manage?: Keywords } = {}): Intent {
  const t = normalise(text);
  const manage = find(t, keywords.manage ?? DEFAULT_MANAGE_KEYWORDS);
  if (manage) return { kind: 'manage', language: manage };
  const book = find(t, keywords.booking ?? DEFAULT_BOOKING_KEYWORDS);
  if (book) return { kind: 'book', language: book };
  return { kind: 'other' };
}
