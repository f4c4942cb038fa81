/**
 * What the menu, its pointer, the reschedule choice and the handoff notices say, per base language
 * (the 9 the Flow speaks). Limits (docs/protocol.md §7): list rows ≤ 24, list button and reply buttons
 * ≤ 20, interactive bodies ≤ 1024; test/webhook/chat-strings.test.ts checks every language.
 */
export interface MenuStrings {
  menuBody: string;
  /** The button that opens the menu list. */
  menuButton: string;
  /** Row titles: Book, My appointments, Reschedule, Language, Talk to us. */
  menuBook: string;
  menuMine: string;
  menuReschedule: string;
  menuLanguage: string;
  menuHuman: string;
  /** Said to a repeated unrecognised message: where the menu is, not the whole menu again. */
  pointer: string;
  rescheduleBody: string;
  rescheduleButton: string;
  /** "Talk to us": a person will answer here; the button hands the chat back to the assistant. */
  handoffOpened: string;
  handoffBack: string;
  /** Staff closed the conversation, it timed out, or the customer went back. */
  handoffClosed: string;
  /** The language list: its text and the button that opens it (its rows name each language in itself). */
  languageBody: string;
  languageButton: string;
}

const en: MenuStrings = {
  languageBody: 'Choose your language.',
  languageButton: 'Languages',
  menuBody: 'How can we help? Choose an option.',
  menuButton: 'Menu',
  menuBook: 'Book an appointment',
  menuMine: 'My appointments',
  menuReschedule: 'Reschedule',
  menuLanguage: 'Language',
  menuHuman: 'Talk to us',
  pointer: 'Please choose from the menu above, or write "menu" to see it again.',
  rescheduleBody: 'Which appointment would you like to move?',
  rescheduleButton: 'Choose',
  handoffOpened: 'A person from our team will answer you here. The assistant is paused until then.',
  handoffBack: 'Back to assistant',
  handoffClosed: 'You’re back with the assistant. Write "menu" anytime.',
};

const ar: MenuStrings = {
  languageBody: 'اختر لغتك.',
  languageButton: 'اللغات',
  menuBody: 'كيف يمكننا مساعدتك؟ اختر من القائمة.',
  menuButton: 'القائمة',
  menuBook: 'حجز موعد',
  menuMine: 'مواعيدي',
  menuReschedule: 'تغيير موعد',
  menuLanguage: 'اللغة',
  menuHuman: 'تحدث معنا',
  pointer: 'اختر من القائمة أعلاه، أو اكتب "القائمة" لعرضها مجددًا.',
  rescheduleBody: 'أي موعد تريد تغييره؟',
  rescheduleButton: 'اختر موعدًا',
  handoffOpened: 'سيرد عليك أحد أفراد فريقنا هنا. المساعد الآلي متوقف حتى ذلك الحين.',
  handoffBack: 'العودة إلى المساعد',
  handoffClosed: 'عدت إلى المساعد الآلي. اكتب "القائمة" في أي وقت.',
};

const fa: MenuStrings = {
  languageBody: 'زبان خود را انتخاب کنید.',
  languageButton: 'زبان‌ها',
  menuBody: 'چطور می‌توانیم کمک کنیم؟ یکی از گزینه‌ها را انتخاب کنید.',
  menuButton: 'منو',
  menuBook: 'گرفتن نوبت',
  menuMine: 'نوبت‌های من',
  menuReschedule: 'تغییر زمان نوبت',
  menuLanguage: 'زبان',
  menuHuman: 'گفتگو با ما',
  pointer: 'از منوی بالا انتخاب کنید، یا برای دیدن دوباره «منو» بنویسید.',
  rescheduleBody: 'زمان کدام نوبت را می‌خواهید تغییر دهید؟',
  rescheduleButton: 'انتخاب نوبت',
  handoffOpened: 'یکی از همکاران ما همین‌جا پاسخ شما را می‌دهد. تا آن زمان دستیار خودکار متوقف است.',
  handoffBack: 'بازگشت به دستیار',
  handoffClosed: 'دوباره با دستیار خودکار هستید. هر وقت خواستید «منو» بنویسید.',
};

const es: MenuStrings = {
  languageBody: 'Elige tu idioma.',
  languageButton: 'Idiomas',
  menuBody: '¿En qué podemos ayudarte? Elige una opción.',
  menuButton: 'Menú',
  menuBook: 'Reservar cita',
  menuMine: 'Mis citas',
  menuReschedule: 'Cambiar una cita',
  menuLanguage: 'Idioma',
  menuHuman: 'Hablar con nosotros',
  pointer: 'Elige una opción del menú de arriba o escribe "menú" para verlo otra vez.',
  rescheduleBody: '¿Qué cita quieres cambiar?',
  rescheduleButton: 'Elegir cita',
  handoffOpened: 'Una persona de nuestro equipo te responderá aquí. El asistente queda en pausa hasta entonces.',
  handoffBack: 'Volver al asistente',
  handoffClosed: 'Vuelves a hablar con el asistente. Escribe "menú" cuando quieras.',
};

const fr: MenuStrings = {
  languageBody: 'Choisissez votre langue.',
  languageButton: 'Langues',
  menuBody: 'Comment pouvons-nous vous aider ? Choisissez une option.',
  menuButton: 'Menu',
  menuBook: 'Prendre rendez-vous',
  menuMine: 'Mes rendez-vous',
  menuReschedule: 'Déplacer un rendez-vous',
  menuLanguage: 'Langue',
  menuHuman: 'Parler à quelqu’un',
  pointer: 'Choisissez une option dans le menu ci-dessus, ou écrivez « menu » pour le revoir.',
  rescheduleBody: 'Quel rendez-vous voulez-vous déplacer ?',
  rescheduleButton: 'Choisir',
  handoffOpened: 'Une personne de notre équipe va vous répondre ici. L’assistant est en pause d’ici là.',
  handoffBack: 'Retour à l’assistant',
  handoffClosed: 'Vous êtes de retour avec l’assistant. Écrivez « menu » à tout moment.',
};

const pt: MenuStrings = {
  languageBody: 'Escolha seu idioma.',
  languageButton: 'Idiomas',
  menuBody: 'Como podemos ajudar? Escolha uma opção.',
  menuButton: 'Menu',
  menuBook: 'Fazer agendamento',
  menuMine: 'Meus agendamentos',
  menuReschedule: 'Remarcar',
  menuLanguage: 'Idioma',
  menuHuman: 'Falar com a gente',
  pointer: 'Escolha uma opção no menu acima ou escreva "menu" para vê-lo de novo.',
  rescheduleBody: 'Qual agendamento você quer remarcar?',
  rescheduleButton: 'Escolher',
  handoffOpened: 'Uma pessoa da nossa equipe vai responder aqui. O assistente fica pausado até lá.',
  handoffBack: 'Voltar ao assistente',
  handoffClosed: 'Você voltou a falar com o assistente. Escreva "menu" quando quiser.',
};

const de: MenuStrings = {
  languageBody: 'Wählen Sie Ihre Sprache.',
  languageButton: 'Sprachen',
  menuBody: 'Wie können wir helfen? Wählen Sie eine Option.',
  menuButton: 'Menü',
  menuBook: 'Termin buchen',
  menuMine: 'Meine Termine',
  menuReschedule: 'Termin verschieben',
  menuLanguage: 'Sprache',
  menuHuman: 'Mit uns sprechen',
  pointer: 'Bitte wählen Sie im Menü oben, oder schreiben Sie „Menü“, um es wieder zu sehen.',
  rescheduleBody: 'Welchen Termin möchten Sie verschieben?',
  rescheduleButton: 'Termin wählen',
  handoffOpened: 'Eine Person aus unserem Team antwortet Ihnen hier. Bis dahin pausiert der Assistent.',
  handoffBack: 'Zum Assistenten',
  handoffClosed: 'Sie sind wieder beim Assistenten. Schreiben Sie jederzeit „Menü“.',
};

const tr: MenuStrings = {
  languageBody: 'Dilinizi seçin.',
  languageButton: 'Diller',
  menuBody: 'Size nasıl yardımcı olabiliriz? Bir seçenek seçin.',
  menuButton: 'Menü',
  menuBook: 'Randevu al',
  menuMine: 'Randevularım',
  menuReschedule: 'Randevu değiştir',
  menuLanguage: 'Dil',
  menuHuman: 'Bizimle konuşun',
  pointer: 'Yukarıdaki menüden seçin ya da yeniden görmek için "menü" yazın.',
  rescheduleBody: 'Hangi randevunuzu değiştirmek istiyorsunuz?',
  rescheduleButton: 'Randevu seç',
  handoffOpened: 'Ekibimizden biri size buradan yanıt verecek. O zamana kadar asistan duraklatıldı.',
  handoffBack: 'Asistana dön',
  handoffClosed: 'Yeniden asistanla konuşuyorsunuz. İstediğiniz zaman "menü" yazın.',
};

const hi: MenuStrings = {
  languageBody: 'अपनी भाषा चुनें।',
  languageButton: 'भाषाएँ',
  menuBody: 'हम आपकी कैसे मदद करें? एक विकल्प चुनें।',
  menuButton: 'मेनू',
  menuBook: 'अपॉइंटमेंट बुक करें',
  menuMine: 'मेरे अपॉइंटमेंट',
  menuReschedule: 'समय बदलें',
  menuLanguage: 'भाषा',
  menuHuman: 'हमसे बात करें',
  pointer: 'ऊपर दिए मेनू से चुनें, या उसे फिर देखने के लिए "मेनू" लिखें।',
  rescheduleBody: 'आप किस अपॉइंटमेंट का समय बदलना चाहते हैं?',
  rescheduleButton: 'अपॉइंटमेंट चुनें',
  handoffOpened: 'हमारी टीम का कोई व्यक्ति आपको यहीं जवाब देगा। तब तक सहायक रुका हुआ है।',
  handoffBack: 'सहायक पर लौटें',
  handoffClosed: 'आप फिर से सहायक के साथ हैं। कभी भी "मेनू" लिखें।',
};

const TABLE: Readonly<Record<string, MenuStrings>> = { en, ar, fa, es, fr, pt, de, tr, hi };

/** The strings for a WhatsApp language code (`pt_BR` → `pt`; unknown → English). */
export function menuStrings(language: string): MenuStrings {
  return TABLE[language.split('_')[0] ?? ''] ?? en;
}
