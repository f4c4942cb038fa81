/**
 * What flowbook says in answer to a reminder's quick replies, per base language (the 9 the Flow
 * speaks). Interactive limits (docs/protocol.md §7): Flow CTA ≤ 30 characters without emoji. `{when}` is filled.
 */
export interface ReplyStrings {
  /** "Confirm" tapped: the attendance is recorded. */
  thanks: string;
  /** The booking is no longer confirmed, has started, or is not theirs. */
  unavailable: string;
  /** "Reschedule" tapped: the Flow message body. */
  rescheduleBody: string;
  rescheduleCta: string;
}

const TABLE: Readonly<Record<string, ReplyStrings>> = {
  en: {
    thanks: 'Thank you for confirming. See you on {when}.',
    unavailable: 'This appointment can no longer be changed here.',
    rescheduleBody:
      'Choose a new time for your appointment on {when}. It stays booked until the new time is confirmed.',
    rescheduleCta: 'Choose a new time',
  },
  ar: {
    thanks: 'شكرًا على التأكيد. نراك يوم {when}.',
    unavailable: 'لم يعد من الممكن تغيير هذا الموعد من هنا.',
    rescheduleBody: 'اختر وقتًا جديدًا لموعدك يوم {when}. يبقى موعدك محجوزًا حتى يتم تأكيد الوقت الجديد.',
    rescheduleCta: 'اختر وقتًا جديدًا',
  },
  fa: {
    thanks: 'از تأیید شما سپاسگزاریم. {when} منتظرتان هستیم.',
    unavailable: 'این نوبت را دیگر نمی‌توان از اینجا تغییر داد.',
    rescheduleBody: 'برای نوبت {when} زمان جدیدی انتخاب کنید. نوبت فعلی تا تأیید زمان جدید سر جایش می‌ماند.',
    rescheduleCta: 'انتخاب زمان جدید',
  },
  es: {
    thanks: 'Gracias por confirmar. Te esperamos el {when}.',
    unavailable: 'Esta cita ya no se puede cambiar desde aquí.',
    rescheduleBody:
      'Elige una nueva fecha y hora para tu cita del {when}. Sigue reservada hasta que se confirme la nueva.',
    rescheduleCta: 'Elegir nueva hora',
  },
  fr: {
    thanks: 'Merci de votre confirmation. À bientôt, le {when}.',
    unavailable: 'Ce rendez-vous ne peut plus être modifié ici.',
    rescheduleBody:
      'Choisissez un nouvel horaire pour votre rendez-vous du {when}. Il reste réservé jusqu’à la confirmation du nouveau.',
    rescheduleCta: 'Choisir un autre horaire',
  },
  pt: {
    thanks: 'Obrigado por confirmar. Até {when}.',
    unavailable: 'Este agendamento não pode mais ser alterado por aqui.',
    rescheduleBody:
      'Escolha um novo horário para o seu agendamento de {when}. Ele continua marcado até o novo ser confirmado.',
    rescheduleCta: 'Escolher novo horário',
  },
  de: {
    thanks: 'Danke für Ihre Bestätigung. Bis {when}.',
    unavailable: 'Dieser Termin kann hier nicht mehr geändert werden.',
    rescheduleBody:
      'Wählen Sie eine neue Zeit für Ihren Termin am {when}. Er bleibt gebucht, bis die neue Zeit bestätigt ist.',
    rescheduleCta: 'Neue Zeit wählen',
  },
  tr: {
    thanks: 'Onayınız için teşekkürler. {when} görüşmek üzere.',
    unavailable: 'Bu randevu artık buradan değiştirilemez.',
    rescheduleBody:
      '{when} tarihli randevunuz için yeni bir saat seçin. Yeni saat onaylanana kadar randevunuz geçerli kalır.',
    rescheduleCta: 'Yeni saat seç',
  },
  hi: {
    thanks: 'पुष्टि करने के लिए धन्यवाद। {when} मिलते हैं।',
    unavailable: 'यह अपॉइंटमेंट अब यहाँ से बदला नहीं जा सकता।',
    rescheduleBody: '{when} के अपने अपॉइंटमेंट के लिए नया समय चुनें। नया समय पक्का होने तक यह बुक रहेगा।',
    rescheduleCta: 'नया समय चुनें',
  },
};

/** The strings for a WhatsApp language code (`pt_BR` → `pt`; unknown → English). */
export function replyStrings(language: string): ReplyStrings {
  return TABLE[language.split('_')[0] ?? ''] ?? TABLE.en!;
}

/** Base languages with reply strings (a test checks each against the limits). */
export const REPLY_LANGUAGES = Object.keys(TABLE);
