/**
 * What a customer's text asks for. Keywords are configurable per base language; the defaults cover
 * the 9 languages the Flow speaks, in the words people type (tested per language in
 * test/webhook/intents.test.ts). Phrases (with a space) match anywhere in the text, single words by
 * word prefix (so "booking", "Termine" and "citas" count), with Arabic-script articles stripped
 * ("الموعد" → "موعد"). Greetings match whole words only ("hi" must not match "history").
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

/** "My appointments" / "cancel". "موعدي" is "my appointment", not a request to book one. */
const DEFAULT_MANAGE_KEYWORDS: Keywords = {
  en: ['my appointments', 'my appointment', 'my bookings', 'my booking', 'cancel'],
  ar: ['مواعيدي', 'موعدي', 'إلغاء', 'الغاء', 'ألغي', 'الغي', 'ألغ', 'حجوزاتي'],
  fa: ['نوبت‌های من', 'نوبتهای من', 'نوبت های من', 'نوبت من', 'نوبتم', 'لغو'],
  es: ['mis citas', 'mi cita', 'mis reservas', 'cancelar', 'anular'],
  fr: ['mes rendez-vous', 'mon rendez-vous', 'mes rdv', 'mon rdv', 'annuler'],
  pt: ['meus agendamentos', 'meu agendamento', 'minha consulta', 'minhas consultas', 'cancelar', 'desmarcar'],
  de: ['meine termine', 'mein termin', 'meinen termin', 'absagen', 'stornieren'],
  tr: ['randevularım', 'randevum', 'iptal'],
  hi: ['मेरी अपॉइंटमेंट', 'मेरा अपॉइंटमेंट', 'मेरे अपॉइंटमेंट', 'रद्द', 'कैंसल'],
};

/** "Reschedule": a new time for a booking the customer has. */
const DEFAULT_RESCHEDULE_KEYWORDS: Keywords = {
  en: ['reschedule', 'change my appointment', 'change the time', 'move my appointment'],
  ar: ['إعادة جدولة', 'اعادة جدولة', 'تغيير الموعد', 'تغيير موعدي', 'تأجيل', 'أجل موعدي', 'غير موعدي'],
  fa: ['تغییر زمان', 'تغییر نوبت', 'تغییر وقت', 'جابجایی نوبت', 'عوض کردن نوبت'],
  es: ['reprogramar', 'cambiar mi cita', 'cambiar la cita', 'cambiar de hora', 'mover mi cita', 'aplazar'],
  fr: [
    'reporter',
    'déplacer',
    'decaler',
    'décaler',
    'changer mon rendez-vous',
    'changer de rendez-vous',
    'changer mon rdv',
  ],
  pt: ['remarcar', 'reagendar', 'mudar o horário', 'mudar meu agendamento', 'trocar o horário', 'adiar'],
  de: ['verschieben', 'umbuchen', 'termin ändern', 'termin umlegen'],
  tr: ['yeniden planla', 'ertele', 'randevumu değiştir', 'randevu değiştir', 'saati değiştir'],
  hi: ['पुनर्निर्धारित', 'रीशेड्यूल', 'समय बदल', 'अपॉइंटमेंट बदल', 'टाइम बदल'],
};

/** "Waitlist": what the customer waits for (src/waitlist/chat.ts). */
const DEFAULT_WAITLIST_KEYWORDS: Keywords = {
  en: ['waitlist', 'waiting list', 'wait list'],
  ar: ['قائمة الانتظار', 'قائمة انتظار'],
  fa: ['فهرست انتظار', 'لیست انتظار'],
  es: ['lista de espera'],
  fr: ['liste d’attente', "liste d'attente"],
  pt: ['lista de espera'],
  de: ['warteliste'],
  tr: ['bekleme listesi', 'bekleme listem'],
  hi: ['प्रतीक्षा सूची', 'वेटलिस्ट'],
};

/** "Talk to a person". */
const DEFAULT_HUMAN_KEYWORDS: Keywords = {
  en: ['talk to a person', 'talk to someone', 'speak to someone', 'real person', 'human', 'agent', 'talk to us'],
  ar: ['التحدث مع شخص', 'أريد التحدث', 'اريد التحدث', 'موظف', 'خدمة العملاء', 'شخص حقيقي', 'تحدث معنا'],
  fa: ['صحبت با', 'اپراتور', 'پشتیبانی', 'گفتگو با ما'],
  es: ['hablar con una persona', 'hablar con alguien', 'persona real', 'agente', 'asesor', 'hablar con nosotros'],
  fr: ['parler à quelqu', 'parler a quelqu', 'une vraie personne', 'conseiller', 'un humain', 'parler à un'],
  pt: ['falar com uma pessoa', 'falar com alguém', 'falar com alguem', 'atendente', 'pessoa real', 'falar com a gente'],
  de: ['mit einem menschen', 'mit jemandem sprechen', 'mitarbeiter', 'berater', 'echte person', 'mit uns sprechen'],
  tr: ['biriyle konuş', 'temsilci', 'müşteri hizmetleri', 'gerçek kişi', 'bizimle konuş', 'yetkili'],
  hi: ['किसी से बात', 'व्यक्ति से बात', 'एजेंट', 'हमसे बात', 'कस्टमर केयर'],
};

/** "Menu" / "help": the menu again. "menu" is French, Portuguese and English: the tie goes to `prefer`. */
const DEFAULT_MENU_KEYWORDS: Keywords = {
  en: ['menu', 'help', 'options'],
  ar: ['القائمة', 'قائمة', 'مساعدة', 'ساعدني'],
  fa: ['منو', 'کمک', 'راهنما'],
  es: ['menú', 'menu', 'ayuda', 'opciones'],
  fr: ['menu', 'aide', 'aidez'],
  pt: ['menu', 'ajuda', 'opções', 'opcoes'],
  de: ['menü', 'menu', 'hilfe'],
  tr: ['menü', 'menu', 'yardım'],
  hi: ['मेनू', 'मदद', 'सहायता'],
};

/** Greetings, by whole word: they ask for nothing but say which language to answer in. */
const GREETINGS: Keywords = {
  en: ['hi', 'hello', 'hey', 'hiya'],
  ar: ['مرحبا', 'مرحباً', 'أهلا', 'اهلا', 'السلام'],
  fa: ['درود'],
  es: ['hola', 'buenas', 'buenos'],
  fr: ['bonjour', 'bonsoir', 'salut', 'coucou'],
  pt: ['olá', 'oi', 'bom', 'boa'],
  de: ['hallo', 'servus', 'moin', 'guten'],
  tr: ['merhaba', 'selam', 'günaydın'],
  hi: ['नमस्ते', 'नमस्कार', 'namaste'],
};

export type IntentKind = 'book' | 'manage' | 'reschedule' | 'waitlist' | 'human' | 'menu';

export type Intent =
  | { readonly kind: IntentKind; readonly language: string }
  /** Nothing asked; `language` when a greeting says which language the text is in. */
  | { readonly kind: 'other'; readonly language?: string };

export interface IntentOptions {
  readonly booking?: Keywords;
  readonly manage?: Keywords;
  readonly reschedule?: Keywords;
  readonly waitlist?: Keywords;
  readonly human?: Keywords;
  readonly menu?: Keywords;
  /** The base language to pick when a keyword is as long in several ("cancelar": es and pt). */
  readonly prefer?: string | undefined;
}

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

/**
 * The language of the longest keyword found ("cancelar" is Spanish or Portuguese, not English "cancel");
 * among languages whose keyword is as long, `prefer` when it is one of them, else the first listed.
 */
function find(text: string, keywords: Keywords, prefer: string | undefined, exact = false): string | undefined {
  const list = words(text);
  let best: { language: string; length: number } | undefined;
  for (const [language, entries] of Object.entries(keywords)) {
    for (const raw of entries) {
      const keyword = normalise(raw);
      const hit = exact
        ? list.includes(keyword)
        : /[\s\u200c]/.test(keyword)
          ? text.includes(keyword)
          : list.some((w) => wordMatches(w, keyword));
      if (!hit) continue;
      const longer = !best || keyword.length > best.length;
      const preferredTie = best !== undefined && keyword.length === best.length && language === prefer;
      if (longer || preferredTie) best = { language, length: keyword.length };
    }
  }
  return best?.language;
}

/**
 * Classifies a text. The order decides when several kinds match: a request for a person first; then
 * "reschedule" ("cambiar mi cita" holds "mi cita"); then "waitlist" ("قائمة الانتظار" holds "قائمة", menu); then "manage", whose words often contain a booking
 * keyword ("randevularım" starts with "randevu", "موعدي" with "موعد"); then "book"; "menu"/"help" last
 * ("help me book" books).
 */
export function detectIntent(text: string, options: IntentOptions = {}): Intent {
  const t = normalise(text);
  const order: ReadonlyArray<[IntentKind, Keywords]> = [
    ['human', options.human ?? DEFAULT_HUMAN_KEYWORDS],
    ['reschedule', options.reschedule ?? DEFAULT_RESCHEDULE_KEYWORDS],
    ['waitlist', options.waitlist ?? DEFAULT_WAITLIST_KEYWORDS],
    ['manage', options.manage ?? DEFAULT_MANAGE_KEYWORDS],
    ['book', options.booking ?? DEFAULT_BOOKING_KEYWORDS],
    ['menu', options.menu ?? DEFAULT_MENU_KEYWORDS],
  ];
  for (const [kind, keywords] of order) {
    const language = find(t, keywords, options.prefer);
    if (language) return { kind, language };
  }
  const greeting = find(t, GREETINGS, options.prefer, true);
  return greeting ? { kind: 'other', language: greeting } : { kind: 'other' };
}
