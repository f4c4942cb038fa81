/**
 * The phone page's own words (the WhatsApp client's, not the business's): its composer, the Flow
 * player's bar and its errors, in the customer's language like the client they stand for. The
 * business's words come from the app (src/flows/strings.ts, src/messaging/strings.ts).
 */
export interface PhoneStrings {
  readonly message: string;
  readonly send: string;
  readonly back: string;
  readonly close: string;
  /** An empty chat: how to start. */
  readonly start: string;
  /** The endpoint answered 427 (docs/protocol.md §2.2). */
  readonly flowGone: string;
  /** The endpoint answered with an error or not at all. */
  readonly tryAgain: string;
  /** An OptIn's link to its terms. */
  readonly readMore: string;
}

const TABLE: Readonly<Record<string, PhoneStrings>> = {
  en: {
    readMore: 'Read more',
    message: 'Message',
    send: 'Send',
    back: 'Back',
    close: 'Close',
    start: 'Write “appointment” to book.',
    flowGone: 'This form is no longer available.',
    tryAgain: 'Something went wrong. Please try again.',
  },
  ar: {
    readMore: 'اقرأ المزيد',
    message: 'رسالة',
    send: 'إرسال',
    back: 'رجوع',
    close: 'إغلاق',
    start: 'اكتب «موعد» للحجز.',
    flowGone: 'هذا النموذج لم يعد متاحًا.',
    tryAgain: 'حدث خطأ ما. يُرجى المحاولة مرة أخرى.',
  },
  fa: {
    readMore: 'بیشتر بخوانید',
    message: 'پیام',
    send: 'ارسال',
    back: 'بازگشت',
    close: 'بستن',
    start: 'برای رزرو «نوبت» بنویسید.',
    flowGone: 'این فرم دیگر در دسترس نیست.',
    tryAgain: 'مشکلی پیش آمد. لطفاً دوباره تلاش کنید.',
  },
  es: {
    readMore: 'Leer más',
    message: 'Mensaje',
    send: 'Enviar',
    back: 'Atrás',
    close: 'Cerrar',
    start: 'Escribe «cita» para reservar.',
    flowGone: 'Este formulario ya no está disponible.',
    tryAgain: 'Algo salió mal. Inténtalo de nuevo.',
  },
  fr: {
    readMore: 'En savoir plus',
    message: 'Message',
    send: 'Envoyer',
    back: 'Retour',
    close: 'Fermer',
    start: 'Écrivez « rendez-vous » pour réserver.',
    flowGone: 'Ce formulaire n’est plus disponible.',
    tryAgain: 'Un problème est survenu. Veuillez réessayer.',
  },
  pt: {
    readMore: 'Ler mais',
    message: 'Mensagem',
    send: 'Enviar',
    back: 'Voltar',
    close: 'Fechar',
    start: 'Escreva "agendamento" para agendar.',
    flowGone: 'Este formulário não está mais disponível.',
    tryAgain: 'Algo deu errado. Tente novamente.',
  },
  de: {
    readMore: 'Mehr lesen',
    message: 'Nachricht',
    send: 'Senden',
    back: 'Zurück',
    close: 'Schließen',
    start: 'Schreiben Sie „Termin“, um zu buchen.',
    flowGone: 'Dieses Formular ist nicht mehr verfügbar.',
    tryAgain: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  },
  tr: {
    readMore: 'Devamını oku',
    message: 'Mesaj',
    send: 'Gönder',
    back: 'Geri',
    close: 'Kapat',
    start: 'Randevu almak için "randevu" yazın.',
    flowGone: 'Bu form artık kullanılamıyor.',
    tryAgain: 'Bir sorun oluştu. Lütfen tekrar deneyin.',
  },
  hi: {
    readMore: 'और पढ़ें',
    message: 'संदेश',
    send: 'भेजें',
    back: 'वापस',
    close: 'बंद करें',
    start: 'बुक करने के लिए "अपॉइंटमेंट" लिखें।',
    flowGone: 'यह फ़ॉर्म अब उपलब्ध नहीं है।',
    tryAgain: 'कुछ गड़बड़ हो गई। कृपया फिर से कोशिश करें।',
  },
};

/** Base languages the phone page speaks; others fall back to English. */
export const PHONE_LANGUAGES = Object.keys(TABLE);

/** The page's words for a WhatsApp language code (`pt_BR` → `pt`; unknown → English). */
export function phoneStrings(language: string): PhoneStrings {
  return TABLE[language.split('_')[0] ?? ''] ?? TABLE.en!;
}
