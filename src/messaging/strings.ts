/**
 * What the conversation says, per base language (the 9 the Flow speaks: en, ar, fa, es, fr, pt, de,
 * tr, hi). Limits (docs/protocol.md §7): Flow CTA ≤ 30 without emoji, list button ≤ 20, reply buttons ≤ 20,
 * interactive bodies ≤ 1024; a test checks every language. `{…}` are filled by the caller.
 */
export interface ChatStrings {
  flowBody: string;
  flowCta: string;
  listBody: string;
  listButton: string;
  noBookings: string;
  /** After a row of "My appointments" is chosen: the question and its three reply buttons. */
  cancelPrompt: string;
  /** Under the question, when flowbook has a public address: the booking's own calendar file. */
  addToCalendar: string;
  /** The yes/no question before a cancel the customer asked for (the confirmation's Cancel button). */
  cancelQuestion: string;
  cancelIt: string;
  keepIt: string;
  rescheduleIt: string;
  cancelled: string;
  kept: string;
  notCancellable: string;
  confirmedText: string;
  /**
   * The service with the person who takes it, for the templates' `service` parameter (one line: a parameter may
   * hold no new line, docs/templates.md).
   */
  serviceWith: string;
  /** The service and its price in the chat's own confirmation (the language's comma). */
  withPrice: string;
  /** When the Flow cannot be sent (Meta throttled or blocked it): what to do instead. */
  flowPaused: string;
  bookByPhone: string;
  bookOnline: string;
  tryLater: string;
  /**
   * What stands for the name in a template's greeting when flowbook has no name ("Hi there,", "Bonjour à
   * vous,"): a parameter may not be empty, and "Hi -," reads as a fault.
   */
  noName: string;
}

const en: ChatStrings = {
  withPrice: '{service}, {price}',
  noName: 'there',
  addToCalendar: 'Add it to your calendar: {url}',
  flowBody: 'Book an appointment in a few taps: choose a department, a place and a time.',
  flowCta: 'Book appointment',
  listBody: 'Your upcoming appointments. Choose one to reschedule or cancel it.',
  listButton: 'My appointments',
  noBookings: 'You have no upcoming appointments. Write "appointment" to book one.',
  cancelPrompt: 'Your appointment on {when}: reschedule it, cancel it or keep it?',
  cancelQuestion: 'Cancel your appointment on {when}?',
  cancelIt: 'Cancel',
  keepIt: 'Keep',
  rescheduleIt: 'Reschedule',
  cancelled: 'Your appointment on {when} is cancelled.',
  kept: 'Good, your appointment on {when} stays booked.',
  notCancellable: 'This appointment can no longer be cancelled here.',
  confirmedText: 'Your appointment is confirmed: {when}, {service}, {location} ({address}). Reference {reference}.',
  flowPaused: 'Booking in this chat is paused for now.',
  bookByPhone: 'To book, call {phone}.',
  bookOnline: 'To book online, open {url}',
  tryLater: 'Please write "appointment" again a little later.',
  serviceWith: '{service} with {staff}',
};

const ar: ChatStrings = {
  withPrice: '{service}، {price}',
  noName: 'عميلنا العزيز',
  addToCalendar: 'أضِفه إلى تقويمك: {url}',
  flowBody: 'احجز موعدك ببضع نقرات: اختر القسم والمكان والوقت.',
  flowCta: 'احجز موعدًا',
  listBody: 'مواعيدك القادمة. اختر موعدًا لتغيير وقته أو إلغائه.',
  listButton: 'مواعيدي',
  noBookings: 'ليس لديك مواعيد قادمة. اكتب "موعد" لحجز موعد.',
  cancelPrompt: 'موعدك يوم {when}: هل تريد تغيير وقته أو إلغاءه أو إبقاءه؟',
  cancelQuestion: 'هل تريد إلغاء موعدك يوم {when}؟',
  cancelIt: 'إلغاء',
  keepIt: 'إبقاء',
  rescheduleIt: 'تغيير الموعد',
  cancelled: 'تم إلغاء موعدك يوم {when}.',
  kept: 'حسنًا، يبقى موعدك يوم {when} محجوزًا.',
  notCancellable: 'لم يعد من الممكن إلغاء هذا الموعد من هنا.',
  confirmedText: 'تم تأكيد موعدك: {when}، {service}، {location} ({address}). المرجع {reference}.',
  flowPaused: 'الحجز عبر هذه المحادثة متوقف مؤقتًا.',
  bookByPhone: 'للحجز، اتصل بنا على {phone}.',
  bookOnline: 'للحجز عبر الإنترنت، افتح {url}',
  tryLater: 'يُرجى كتابة "موعد" مرة أخرى بعد قليل.',
  serviceWith: '{service} مع {staff}',
};

const fa: ChatStrings = {
  withPrice: '{service}، {price}',
  noName: 'مشتری گرامی',
  addToCalendar: 'آن را به تقویم خود اضافه کنید: {url}',
  flowBody: 'با چند لمس نوبت بگیرید: بخش، مکان و زمان را انتخاب کنید.',
  flowCta: 'گرفتن نوبت',
  listBody: 'نوبت\u200cهای پیش رو. برای تغییر زمان یا لغو، یکی را انتخاب کنید.',
  listButton: 'نوبت‌های من',
  noBookings: 'نوبت پیش رویی ندارید. برای گرفتن نوبت «نوبت» بنویسید.',
  cancelPrompt: 'نوبت {when}: زمانش تغییر کند، لغو شود یا بماند؟',
  cancelQuestion: 'نوبت {when} لغو شود؟',
  cancelIt: 'لغو',
  keepIt: 'بماند',
  rescheduleIt: 'تغییر زمان',
  cancelled: 'نوبت {when} لغو شد.',
  kept: 'بسیار خوب، نوبت {when} سر جایش است.',
  notCancellable: 'این نوبت را دیگر نمی‌توان از اینجا لغو کرد.',
  confirmedText: 'نوبت شما تأیید شد: {when}، {service}، {location} ({address}). کد پیگیری {reference}.',
  flowPaused: 'رزرو از طریق این گفتگو فعلاً متوقف است.',
  bookByPhone: 'برای رزرو با {phone} تماس بگیرید.',
  bookOnline: 'برای رزرو آنلاین، {url} را باز کنید',
  tryLater: 'لطفاً کمی بعد دوباره «نوبت» بنویسید.',
  serviceWith: '{service} با {staff}',
};

const es: ChatStrings = {
  withPrice: '{service}, {price}',
  noName: 'estimado cliente',
  addToCalendar: 'Añádela a tu calendario: {url}',
  flowBody: 'Reserva una cita en pocos pasos: elige departamento, lugar y hora.',
  flowCta: 'Reservar cita',
  listBody: 'Tus próximas citas. Elige una para cambiarla de hora o cancelarla.',
  listButton: 'Mis citas',
  noBookings: 'No tienes citas próximas. Escribe "cita" para reservar una.',
  cancelPrompt: 'Tu cita del {when}: ¿cambiarla de hora, cancelarla o mantenerla?',
  cancelQuestion: '¿Cancelar tu cita del {when}?',
  cancelIt: 'Cancelar',
  keepIt: 'Mantener',
  rescheduleIt: 'Cambiar hora',
  cancelled: 'Tu cita del {when} está cancelada.',
  kept: 'Perfecto, tu cita del {when} sigue reservada.',
  notCancellable: 'Esta cita ya no se puede cancelar desde aquí.',
  confirmedText: 'Tu cita está confirmada: {when}, {service}, {location} ({address}). Referencia {reference}.',
  flowPaused: 'Las reservas por este chat están en pausa por ahora.',
  bookByPhone: 'Para reservar, llama al {phone}.',
  bookOnline: 'Para reservar en línea, abre {url}',
  tryLater: 'Vuelve a escribir "cita" dentro de un rato.',
  serviceWith: '{service} con {staff}',
};

const fr: ChatStrings = {
  withPrice: '{service}, {price}',
  noName: 'à vous',
  addToCalendar: 'Ajoutez-le à votre agenda : {url}',
  flowBody: 'Prenez rendez-vous en quelques gestes : prestation, lieu et horaire.',
  flowCta: 'Prendre rendez-vous',
  listBody: 'Vos prochains rendez-vous. Choisissez-en un pour le déplacer ou l’annuler.',
  listButton: 'Mes rendez-vous',
  noBookings: 'Vous n’avez aucun rendez-vous à venir. Écrivez « rendez-vous » pour en prendre un.',
  cancelPrompt: 'Votre rendez-vous du {when} : le déplacer, l’annuler ou le garder ?',
  cancelQuestion: 'Annuler votre rendez-vous du {when} ?',
  cancelIt: 'Annuler',
  keepIt: 'Garder',
  rescheduleIt: 'Déplacer',
  cancelled: 'Votre rendez-vous du {when} est annulé.',
  kept: 'Très bien, votre rendez-vous du {when} est maintenu.',
  notCancellable: 'Ce rendez-vous ne peut plus être annulé ici.',
  confirmedText: 'Votre rendez-vous est confirmé : {when}, {service}, {location} ({address}). Référence {reference}.',
  flowPaused: 'La prise de rendez-vous dans cette conversation est suspendue pour le moment.',
  bookByPhone: 'Pour réserver, appelez le {phone}.',
  bookOnline: 'Pour réserver en ligne, ouvrez {url}',
  tryLater: 'Réécrivez « rendez-vous » un peu plus tard.',
  serviceWith: '{service} avec {staff}',
};

const pt: ChatStrings = {
  withPrice: '{service}, {price}',
  noName: 'prezado cliente',
  addToCalendar: 'Adicione à sua agenda: {url}',
  flowBody: 'Marque um horário em poucos toques: escolha departamento, local e hora.',
  flowCta: 'Fazer agendamento',
  listBody: 'Seus próximos agendamentos. Escolha um para remarcar ou cancelar.',
  listButton: 'Meus agendamentos',
  noBookings: 'Você não tem agendamentos futuros. Escreva "agendamento" para marcar.',
  cancelPrompt: 'Seu agendamento de {when}: remarcar, cancelar ou manter?',
  cancelQuestion: 'Cancelar seu agendamento de {when}?',
  cancelIt: 'Cancelar',
  keepIt: 'Manter',
  rescheduleIt: 'Remarcar',
  cancelled: 'Seu agendamento de {when} foi cancelado.',
  kept: 'Certo, seu agendamento de {when} continua marcado.',
  notCancellable: 'Este agendamento não pode mais ser cancelado por aqui.',
  confirmedText: 'Seu agendamento está confirmado: {when}, {service}, {location} ({address}). Referência {reference}.',
  flowPaused: 'O agendamento por este chat está pausado no momento.',
  bookByPhone: 'Para agendar, ligue para {phone}.',
  bookOnline: 'Para agendar on-line, acesse {url}',
  tryLater: 'Escreva "agendamento" de novo daqui a pouco.',
  serviceWith: '{service} com {staff}',
};

const de: ChatStrings = {
  withPrice: '{service}, {price}',
  noName: 'und guten Tag',
  addToCalendar: 'Zu Ihrem Kalender hinzufügen: {url}',
  flowBody: 'Buchen Sie einen Termin in wenigen Schritten: Abteilung, Ort und Uhrzeit.',
  flowCta: 'Termin buchen',
  listBody: 'Ihre nächsten Termine. Wählen Sie einen zum Verschieben oder Absagen.',
  listButton: 'Meine Termine',
  noBookings: 'Sie haben keine anstehenden Termine. Schreiben Sie „Termin“, um einen zu buchen.',
  cancelPrompt: 'Ihr Termin am {when}: verschieben, absagen oder behalten?',
  cancelQuestion: 'Ihren Termin am {when} absagen?',
  cancelIt: 'Absagen',
  keepIt: 'Behalten',
  rescheduleIt: 'Verschieben',
  cancelled: 'Ihr Termin am {when} ist abgesagt.',
  kept: 'Gut, Ihr Termin am {when} bleibt bestehen.',
  notCancellable: 'Dieser Termin kann hier nicht mehr abgesagt werden.',
  confirmedText: 'Ihr Termin ist bestätigt: {when}, {service}, {location} ({address}). Referenz {reference}.',
  flowPaused: 'Die Buchung in diesem Chat ist gerade pausiert.',
  bookByPhone: 'Zum Buchen rufen Sie uns an: {phone}.',
  bookOnline: 'Online buchen: {url}',
  tryLater: 'Bitte schreiben Sie später noch einmal „Termin“.',
  serviceWith: '{service} bei {staff}',
};

const tr: ChatStrings = {
  withPrice: '{service}, {price}',
  noName: 'değerli müşterimiz',
  addToCalendar: 'Takviminize ekleyin: {url}',
  flowBody: 'Birkaç dokunuşla randevu alın: bölüm, yer ve saat seçin.',
  flowCta: 'Randevu al',
  listBody: 'Yaklaşan randevularınız. Saatini değiştirmek ya da iptal etmek için birini seçin.',
  listButton: 'Randevularım',
  noBookings: 'Yaklaşan randevunuz yok. Randevu almak için "randevu" yazın.',
  cancelPrompt: '{when} tarihli randevunuz: saatini değiştirmek, iptal etmek ya da korumak ister misiniz?',
  cancelQuestion: '{when} tarihli randevunuz iptal edilsin mi?',
  cancelIt: 'İptal et',
  keepIt: 'Kalsın',
  rescheduleIt: 'Saati değiştir',
  cancelled: '{when} tarihli randevunuz iptal edildi.',
  kept: 'Tamam, {when} tarihli randevunuz geçerli.',
  notCancellable: 'Bu randevu artık buradan iptal edilemez.',
  confirmedText: 'Randevunuz onaylandı: {when}, {service}, {location} ({address}). Referans {reference}.',
  flowPaused: 'Bu sohbet üzerinden randevu alma şu anda duraklatıldı.',
  bookByPhone: 'Randevu için bizi arayın: {phone}.',
  bookOnline: 'Çevrimiçi randevu için: {url}',
  tryLater: 'Lütfen biraz sonra yeniden "randevu" yazın.',
  serviceWith: '{staff} ile {service}',
};

const hi: ChatStrings = {
  withPrice: '{service}, {price}',
  noName: 'जी',
  addToCalendar: 'इसे अपने कैलेंडर में जोड़ें: {url}',
  flowBody: 'कुछ ही टैप में अपॉइंटमेंट बुक करें: विभाग, जगह और समय चुनें।',
  flowCta: 'अपॉइंटमेंट बुक करें',
  listBody: 'आपके आने वाले अपॉइंटमेंट। समय बदलने या रद्द करने के लिए एक चुनें।',
  listButton: 'मेरे अपॉइंटमेंट',
  noBookings: 'आपका कोई आने वाला अपॉइंटमेंट नहीं है। बुक करने के लिए "अपॉइंटमेंट" लिखें।',
  cancelPrompt: '{when} का आपका अपॉइंटमेंट: समय बदलें, रद्द करें या रहने दें?',
  cancelQuestion: '{when} का अपॉइंटमेंट रद्द करें?',
  cancelIt: 'रद्द करें',
  keepIt: 'रहने दें',
  rescheduleIt: 'समय बदलें',
  cancelled: '{when} का आपका अपॉइंटमेंट रद्द हो गया है।',
  kept: 'ठीक है, {when} का आपका अपॉइंटमेंट बना रहेगा।',
  notCancellable: 'यह अपॉइंटमेंट अब यहाँ से रद्द नहीं किया जा सकता।',
  confirmedText: 'आपका अपॉइंटमेंट पक्का हो गया है: {when}, {service}, {location} ({address})। संदर्भ कोड {reference}।',
  flowPaused: 'इस चैट से बुकिंग अभी कुछ समय के लिए रुकी हुई है।',
  bookByPhone: 'बुक करने के लिए हमें {phone} पर कॉल करें।',
  bookOnline: 'ऑनलाइन बुक करने के लिए {url} खोलें।',
  tryLater: 'कृपया थोड़ी देर बाद फिर से "अपॉइंटमेंट" लिखें।',
  serviceWith: '{staff} के साथ {service}',
};

const TABLE: Readonly<Record<string, ChatStrings>> = { en, ar, fa, es, fr, pt, de, tr, hi };

/** Where a region spells a word its own way: US English "canceled". */
const REGIONAL: Readonly<Record<string, Partial<ChatStrings>>> = {
  en_US: {
    cancelled: 'Your appointment on {when} is canceled.',
    notCancellable: 'This appointment can no longer be canceled here.',
  },
};

const regional = new Map<string, ChatStrings>();

/** The strings for a WhatsApp language code (`pt_BR` → `pt`, `en_US` with its own spellings; unknown → English). */
export function chatStrings(language: string): ChatStrings {
  const base = TABLE[language.split('_')[0] ?? ''] ?? en;
  const own = REGIONAL[language];
  if (!own) return base;
  let merged = regional.get(language);
  if (!merged) {
    merged = { ...base, ...own };
    regional.set(language, merged);
  }
  return merged;
}
