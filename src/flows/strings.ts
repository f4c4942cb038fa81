/**
 * The appointment Flow's visible strings, per base language. The Flow JSON binds every label,
 * heading and button to `${data.t_…}`, so the endpoint sends the customer's language (docs/templates.md).
 * Limits (docs/protocol.md §4): Dropdown/TextInput/TextArea labels ≤ 20, helper text ≤ 80, Footer ≤ 35,
 * OptIn ≤ 120, TextHeading ≤ 80; a test checks every language against them.
 */
export interface FlowStrings {
  /** Screen titles (the top bar); TERMS is titled by `termsHeading`. */
  titleAppointment: string;
  titleDetails: string;
  titleSummary: string;
  appointmentIntro: string;
  service: string;
  /** The person Dropdown's label, and its first option: whoever is free. */
  person: string;
  anyone: string;
  location: string;
  date: string;
  time: string;
  continue: string;
  detailsIntro: string;
  name: string;
  email: string;
  phone: string;
  moreDetails: string;
  moreDetailsHelper: string;
  done: string;
  summaryHeading: string;
  terms: string;
  termsHeading: string;
  termsBody: string;
  confirm: string;
  /** Placeholders shown in a disabled dropdown until the earlier choice is made. */
  chooseServiceFirst: string;
  chooseLocationFirst: string;
  chooseDateFirst: string;
  noLocations: string;
  noDates: string;
  noTimes: string;
  /** Snackbar messages (`error_message`). */
  errorUnknownOption: string;
  errorIncomplete: string;
  errorSlotTaken: string;
  errorSlotLost: string;
  errorName: string;
  errorEmail: string;
  errorPhone: string;
  errorTerms: string;
  /** APPOINTMENT's link to the waitlist when no time suits (an EmbeddedLink: at most 25 characters). */
  waitlistLink: string;
  errorRetry: string;
  /** The customer has as many upcoming bookings as the catalog allows; `{limit}` is that number. */
  errorBookingLimit: string;
  /** The 427 answer's `error_msg`: the token is used up or expired (docs/protocol.md §2.2). */
  sessionEnded: string;
  /** Summary lines; `{…}` are filled by the endpoint. */
  summaryAppointment: string;
  summaryDetails: string;
  /** The service and who takes it, on SUMMARY. */
  summaryWithPerson: string;
}

const en: FlowStrings = {
  titleAppointment: 'Appointment',
  titleDetails: 'Details',
  titleSummary: 'Summary',
  appointmentIntro: 'Choose a service, a place and a time that suits you.',
  service: 'Service',
  person: 'Person',
  anyone: 'Anyone',
  location: 'Location',
  date: 'Date',
  time: 'Time',
  continue: 'Continue',
  detailsIntro: 'Who is the appointment for?',
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  moreDetails: 'Further details',
  moreDetailsHelper: 'Anything we should know before you arrive (optional)',
  done: 'Done',
  summaryHeading: 'Your appointment',
  terms: 'I agree to the terms.',
  termsHeading: 'Terms and conditions',
  termsBody:
    'Please arrive five minutes before your appointment. If you cannot come, cancel from this chat so someone else can have the time. We use your details only to manage this appointment.',
  confirm: 'Confirm Appointment',
  chooseServiceFirst: 'Choose a service first',
  chooseLocationFirst: 'Choose a location first',
  chooseDateFirst: 'Choose a date first',
  noLocations: 'No location offers this',
  noDates: 'No free dates',
  noTimes: 'No free times',
  errorUnknownOption: 'That option is no longer available. Please choose again.',
  errorIncomplete: 'Please choose a service, location, date and time.',
  errorSlotTaken: 'Sorry, that time was just taken. Please choose another one.',
  errorSlotLost:
    'Sorry, your time was taken while you were away. Go back to choose another time; your details are kept.',
  errorName: 'Please enter your name (2 to 80 characters).',
  errorEmail: 'Please enter a valid email address.',
  errorPhone: 'Please enter a valid phone number, with country code.',
  errorTerms: 'Please accept the terms to confirm.',
  waitlistLink: 'Join the waitlist',
  errorRetry: 'Something went wrong on our side. Please try again.',
  errorBookingLimit:
    'You already have the most upcoming appointments allowed ({limit}). Cancel one in this chat to book another.',
  sessionEnded: 'This booking session has ended. Please start a new one.',
  summaryAppointment: '{department} at {location}\n{date} at {time}',
  summaryDetails: 'Name: {name}\nEmail: {email}\nPhone: {phone}{notes}',
  summaryWithPerson: '{service} with {person}',
};

const ar: FlowStrings = {
  titleAppointment: 'الموعد',
  titleDetails: 'البيانات',
  titleSummary: 'الملخص',
  appointmentIntro: 'اختر الخدمة والمكان والوقت المناسب لك.',
  service: 'الخدمة',
  person: 'المختص',
  anyone: 'أي مختص',
  location: 'الموقع',
  date: 'التاريخ',
  time: 'الوقت',
  continue: 'متابعة',
  detailsIntro: 'لمن هذا الموعد؟',
  name: 'الاسم',
  email: 'البريد الإلكتروني',
  phone: 'الهاتف',
  moreDetails: 'تفاصيل إضافية',
  moreDetailsHelper: 'أي شيء يجب أن نعرفه قبل وصولك (اختياري)',
  done: 'تم',
  summaryHeading: 'موعدك',
  terms: 'أوافق على الشروط.',
  termsHeading: 'الشروط والأحكام',
  termsBody:
    'يُرجى الحضور قبل موعدك بخمس دقائق. إذا تعذّر عليك الحضور، ألغِ الموعد من هذه المحادثة ليستفيد غيرك من الوقت. نستخدم بياناتك فقط لإدارة هذا الموعد.',
  confirm: 'تأكيد الموعد',
  chooseServiceFirst: 'اختر الخدمة أولًا',
  chooseLocationFirst: 'اختر الموقع أولًا',
  chooseDateFirst: 'اختر التاريخ أولًا',
  noLocations: 'لا يوجد موقع يقدّم ذلك',
  noDates: 'لا توجد تواريخ متاحة',
  noTimes: 'لا توجد أوقات متاحة',
  errorUnknownOption: 'هذا الخيار لم يعد متاحًا. يُرجى الاختيار مجددًا.',
  errorIncomplete: 'يُرجى اختيار الخدمة والموقع والتاريخ والوقت.',
  errorSlotTaken: 'عذرًا، حُجز هذا الوقت للتو. يُرجى اختيار وقت آخر.',
  errorSlotLost: 'عذرًا، حُجز وقتك أثناء غيابك. ارجع لاختيار وقت آخر؛ بياناتك محفوظة.',
  errorName: 'يُرجى إدخال اسمك (من حرفين إلى ٨٠ حرفًا).',
  errorEmail: 'يُرجى إدخال بريد إلكتروني صالح.',
  errorPhone: 'يُرجى إدخال رقم هاتف صالح مع رمز الدولة.',
  errorTerms: 'يُرجى قبول الشروط للتأكيد.',
  waitlistLink: 'انضم إلى قائمة الانتظار',
  errorRetry: 'حدث خطأ من جهتنا. يُرجى المحاولة مرة أخرى.',
  errorBookingLimit:
    'لديك بالفعل الحد الأقصى المسموح من المواعيد القادمة ({limit}). ألغِ أحدها من هذه المحادثة لتحجز موعدًا آخر.',
  sessionEnded: 'انتهت جلسة الحجز هذه. يُرجى بدء جلسة جديدة.',
  summaryAppointment: '{department} في {location}\n{date} الساعة {time}',
  summaryDetails: 'الاسم: {name}\nالبريد الإلكتروني: {email}\nالهاتف: {phone}{notes}',
  summaryWithPerson: '{service} مع {person}',
};

const fa: FlowStrings = {
  titleAppointment: 'نوبت',
  titleDetails: 'مشخصات',
  titleSummary: 'خلاصه',
  appointmentIntro: 'خدمت، مکان و زمانی را که برایتان مناسب است انتخاب کنید.',
  service: 'خدمت',
  person: 'متخصص',
  anyone: 'هر متخصصی',
  location: 'مکان',
  date: 'تاریخ',
  time: 'ساعت',
  continue: 'ادامه',
  detailsIntro: 'این نوبت برای چه کسی است؟',
  name: 'نام',
  email: 'ایمیل',
  phone: 'تلفن',
  moreDetails: 'توضیحات بیشتر',
  moreDetailsHelper: 'هر چیزی که پیش از آمدنتان باید بدانیم (اختیاری)',
  done: 'تمام',
  summaryHeading: 'نوبت شما',
  terms: 'با شرایط موافقم.',
  termsHeading: 'شرایط و قوانین',
  termsBody:
    'لطفاً پنج دقیقه پیش از نوبت خود حاضر شوید. اگر نمی‌توانید بیایید، نوبت را از همین گفتگو لغو کنید تا دیگری از آن استفاده کند. اطلاعات شما فقط برای مدیریت این نوبت به کار می‌رود.',
  confirm: 'تأیید نوبت',
  chooseServiceFirst: 'ابتدا خدمت را انتخاب کنید',
  chooseLocationFirst: 'ابتدا مکان را انتخاب کنید',
  chooseDateFirst: 'ابتدا تاریخ را انتخاب کنید',
  noLocations: 'هیچ مکانی این را ارائه نمی‌دهد',
  noDates: 'تاریخ خالی وجود ندارد',
  noTimes: 'زمان خالی وجود ندارد',
  errorUnknownOption: 'این گزینه دیگر در دسترس نیست. لطفاً دوباره انتخاب کنید.',
  errorIncomplete: 'لطفاً خدمت، مکان، تاریخ و ساعت را انتخاب کنید.',
  errorSlotTaken: 'متأسفیم، این زمان همین الان رزرو شد. لطفاً زمان دیگری انتخاب کنید.',
  errorSlotLost: 'متأسفیم، زمان شما در نبودتان رزرو شد. برگردید و زمان دیگری انتخاب کنید؛ اطلاعاتتان حفظ شده است.',
  errorName: 'لطفاً نام خود را وارد کنید (۲ تا ۸۰ نویسه).',
  errorEmail: 'لطفاً یک ایمیل معتبر وارد کنید.',
  errorPhone: 'لطفاً یک شماره تلفن معتبر با کد کشور وارد کنید.',
  errorTerms: 'برای تأیید، لطفاً شرایط را بپذیرید.',
  waitlistLink: 'ورود به فهرست انتظار',
  errorRetry: 'مشکلی از سمت ما پیش آمد. لطفاً دوباره تلاش کنید.',
  errorBookingLimit:
    'شما هم‌اکنون بیشترین تعداد مجاز نوبت‌های آینده ({limit}) را دارید. برای رزرو نوبتی دیگر، یکی را از همین گفتگو لغو کنید.',
  sessionEnded: 'این جلسهٔ رزرو به پایان رسیده است. لطفاً یک جلسهٔ جدید شروع کنید.',
  summaryAppointment: '{department} در {location}\n{date} ساعت {time}',
  summaryDetails: 'نام: {name}\nایمیل: {email}\nتلفن: {phone}{notes}',
  summaryWithPerson: '{service} با {person}',
};

const es: FlowStrings = {
  titleAppointment: 'Cita',
  titleDetails: 'Datos',
  titleSummary: 'Resumen',
  appointmentIntro: 'Elige un servicio, un lugar y una hora que te vengan bien.',
  service: 'Servicio',
  person: 'Profesional',
  anyone: 'Cualquiera',
  location: 'Ubicación',
  date: 'Fecha',
  time: 'Hora',
  continue: 'Continuar',
  detailsIntro: '¿Para quién es la cita?',
  name: 'Nombre',
  email: 'Correo electrónico',
  phone: 'Teléfono',
  moreDetails: 'Más detalles',
  moreDetailsHelper: 'Algo que debamos saber antes de tu llegada (opcional)',
  done: 'Listo',
  summaryHeading: 'Tu cita',
  terms: 'Acepto los términos.',
  termsHeading: 'Términos y condiciones',
  termsBody:
    'Llega cinco minutos antes de tu cita. Si no puedes venir, cancélala desde este chat para que otra persona pueda usar la hora. Usamos tus datos solo para gestionar esta cita.',
  confirm: 'Confirmar cita',
  chooseServiceFirst: 'Elige antes un servicio',
  chooseLocationFirst: 'Elige antes una ubicación',
  chooseDateFirst: 'Elige antes una fecha',
  noLocations: 'Ninguna ubicación lo ofrece',
  noDates: 'No hay fechas libres',
  noTimes: 'No hay horas libres',
  errorUnknownOption: 'Esa opción ya no está disponible. Elige de nuevo.',
  errorIncomplete: 'Elige servicio, ubicación, fecha y hora.',
  errorSlotTaken: 'Lo sentimos, esa hora se acaba de reservar. Elige otra.',
  errorSlotLost:
    'Lo sentimos, tu hora se reservó mientras no estabas. Vuelve atrás para elegir otra; tus datos se conservan.',
  errorName: 'Escribe tu nombre (de 2 a 80 caracteres).',
  errorEmail: 'Escribe un correo electrónico válido.',
  errorPhone: 'Escribe un teléfono válido, con el prefijo del país.',
  errorTerms: 'Acepta los términos para confirmar.',
  waitlistLink: 'Entrar en lista de espera',
  errorRetry: 'Algo falló por nuestra parte. Inténtalo de nuevo.',
  errorBookingLimit:
    'Ya tienes el máximo de citas próximas permitido ({limit}). Cancela una en este chat para reservar otra.',
  sessionEnded: 'Esta sesión de reserva ha terminado. Empieza una nueva.',
  summaryAppointment: '{department} en {location}\n{date} a las {time}',
  summaryDetails: 'Nombre: {name}\nCorreo: {email}\nTeléfono: {phone}{notes}',
  summaryWithPerson: '{service} con {person}',
};

const fr: FlowStrings = {
  titleAppointment: 'Rendez-vous',
  titleDetails: 'Coordonnées',
  titleSummary: 'Récapitulatif',
  appointmentIntro: 'Choisissez une prestation, un lieu et un horaire qui vous conviennent.',
  service: 'Prestation',
  person: 'Professionnel',
  anyone: 'Peu importe',
  location: 'Lieu',
  date: 'Date',
  time: 'Heure',
  continue: 'Continuer',
  detailsIntro: 'Pour qui est ce rendez-vous ?',
  name: 'Nom',
  email: 'E-mail',
  phone: 'Téléphone',
  moreDetails: 'Précisions',
  moreDetailsHelper: 'Ce que nous devrions savoir avant votre venue (facultatif)',
  done: 'Terminé',
  summaryHeading: 'Votre rendez-vous',
  terms: "J'accepte les conditions.",
  termsHeading: 'Conditions générales',
  termsBody:
    "Merci d'arriver cinq minutes avant votre rendez-vous. Si vous ne pouvez pas venir, annulez depuis cette conversation pour libérer le créneau. Vos données servent uniquement à gérer ce rendez-vous.",
  confirm: 'Confirmer le rendez-vous',
  chooseServiceFirst: 'Choisissez une prestation',
  chooseLocationFirst: "Choisissez d'abord un lieu",
  chooseDateFirst: "Choisissez d'abord une date",
  noLocations: 'Aucun lieu ne le propose',
  noDates: 'Aucune date libre',
  noTimes: 'Aucun horaire libre',
  errorUnknownOption: "Cette option n'est plus disponible. Veuillez choisir à nouveau.",
  errorIncomplete: 'Choisissez une prestation, un lieu, une date et une heure.',
  errorSlotTaken: 'Désolé, ce créneau vient d’être réservé. Choisissez-en un autre.',
  errorSlotLost:
    'Désolé, votre créneau a été pris pendant votre absence. Revenez en arrière pour en choisir un autre ; vos informations sont conservées.',
  errorName: 'Saisissez votre nom (2 à 80 caractères).',
  errorEmail: 'Saisissez une adresse e-mail valide.',
  errorPhone: 'Saisissez un numéro valide, avec l’indicatif du pays.',
  errorTerms: 'Acceptez les conditions pour confirmer.',
  waitlistLink: 'Liste d’attente',
  errorRetry: 'Un problème est survenu de notre côté. Veuillez réessayer.',
  errorBookingLimit:
    'Vous avez déjà le nombre maximal de rendez-vous à venir ({limit}). Annulez-en un dans cette conversation pour en réserver un autre.',
  sessionEnded: 'Cette session de réservation est terminée. Veuillez en commencer une nouvelle.',
  summaryAppointment: '{department} à {location}\n{date} à {time}',
  summaryDetails: 'Nom : {name}\nE-mail : {email}\nTéléphone : {phone}{notes}',
  summaryWithPerson: '{service} avec {person}',
};

const pt: FlowStrings = {
  titleAppointment: 'Agendamento',
  titleDetails: 'Dados',
  titleSummary: 'Resumo',
  appointmentIntro: 'Escolha o serviço, o local e o horário que for melhor para você.',
  service: 'Serviço',
  person: 'Profissional',
  anyone: 'Qualquer um',
  location: 'Local',
  date: 'Data',
  time: 'Horário',
  continue: 'Continuar',
  detailsIntro: 'Para quem é o agendamento?',
  name: 'Nome',
  email: 'E-mail',
  phone: 'Telefone',
  moreDetails: 'Mais detalhes',
  moreDetailsHelper: 'Algo que devamos saber antes da sua chegada (opcional)',
  done: 'Concluir',
  summaryHeading: 'Seu agendamento',
  terms: 'Aceito os termos.',
  termsHeading: 'Termos e condições',
  termsBody:
    'Chegue cinco minutos antes do horário. Se não puder vir, cancele por esta conversa para que outra pessoa use o horário. Usamos seus dados apenas para gerenciar este agendamento.',
  confirm: 'Confirmar agendamento',
  chooseServiceFirst: 'Escolha antes um serviço',
  chooseLocationFirst: 'Escolha antes um local',
  chooseDateFirst: 'Escolha antes uma data',
  noLocations: 'Nenhum local oferece isto',
  noDates: 'Sem datas livres',
  noTimes: 'Sem horários livres',
  errorUnknownOption: 'Essa opção não está mais disponível. Escolha novamente.',
  errorIncomplete: 'Escolha serviço, local, data e horário.',
  errorSlotTaken: 'Desculpe, esse horário acabou de ser reservado. Escolha outro.',
  errorSlotLost:
    'Desculpe, seu horário foi reservado enquanto você estava fora. Volte para escolher outro; seus dados foram mantidos.',
  errorName: 'Digite seu nome (de 2 a 80 caracteres).',
  errorEmail: 'Digite um e-mail válido.',
  errorPhone: 'Digite um telefone válido, com o código do país.',
  errorTerms: 'Aceite os termos para confirmar.',
  waitlistLink: 'Entrar na lista de espera',
  errorRetry: 'Algo deu errado do nosso lado. Tente novamente.',
  errorBookingLimit:
    'Você já tem o número máximo de agendamentos futuros permitido ({limit}). Cancele um nesta conversa para agendar outro.',
  sessionEnded: 'Esta sessão de agendamento terminou. Comece uma nova.',
  summaryAppointment: '{department} em {location}\n{date} às {time}',
  summaryDetails: 'Nome: {name}\nE-mail: {email}\nTelefone: {phone}{notes}',
  summaryWithPerson: '{service} com {person}',
};

const de: FlowStrings = {
  titleAppointment: 'Termin',
  titleDetails: 'Angaben',
  titleSummary: 'Zusammenfassung',
  appointmentIntro: 'Wählen Sie eine Leistung, einen Ort und eine passende Uhrzeit.',
  service: 'Leistung',
  person: 'Mitarbeiter',
  anyone: 'Egal wer',
  location: 'Standort',
  date: 'Datum',
  time: 'Uhrzeit',
  continue: 'Weiter',
  detailsIntro: 'Für wen ist der Termin?',
  name: 'Name',
  email: 'E-Mail',
  phone: 'Telefon',
  moreDetails: 'Weitere Angaben',
  moreDetailsHelper: 'Was wir vor Ihrem Besuch wissen sollten (optional)',
  done: 'Fertig',
  summaryHeading: 'Ihr Termin',
  terms: 'Ich stimme den Bedingungen zu.',
  termsHeading: 'Geschäftsbedingungen',
  termsBody:
    'Bitte kommen Sie fünf Minuten vor Ihrem Termin. Wenn Sie nicht kommen können, sagen Sie ihn in diesem Chat ab, damit jemand anderes die Zeit nutzen kann. Ihre Daten verwenden wir nur für diesen Termin.',
  confirm: 'Termin bestätigen',
  chooseServiceFirst: 'Zuerst Leistung wählen',
  chooseLocationFirst: 'Zuerst Standort wählen',
  chooseDateFirst: 'Zuerst Datum wählen',
  noLocations: 'Kein Standort bietet das an',
  noDates: 'Keine freien Termine',
  noTimes: 'Keine freien Zeiten',
  errorUnknownOption: 'Diese Option ist nicht mehr verfügbar. Bitte erneut wählen.',
  errorIncomplete: 'Bitte Leistung, Standort, Datum und Uhrzeit wählen.',
  errorSlotTaken: 'Diese Zeit wurde gerade vergeben. Bitte wählen Sie eine andere.',
  errorSlotLost:
    'Ihre Zeit wurde in Ihrer Abwesenheit vergeben. Gehen Sie zurück und wählen Sie eine andere; Ihre Angaben bleiben erhalten.',
  errorName: 'Bitte geben Sie Ihren Namen ein (2 bis 80 Zeichen).',
  errorEmail: 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
  errorPhone: 'Bitte geben Sie eine gültige Telefonnummer mit Ländervorwahl ein.',
  errorTerms: 'Bitte akzeptieren Sie die Bedingungen.',
  waitlistLink: 'Auf die Warteliste',
  errorRetry: 'Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es erneut.',
  errorBookingLimit:
    'Sie haben bereits die höchstmögliche Zahl anstehender Termine ({limit}). Sagen Sie einen in diesem Chat ab, um einen weiteren zu buchen.',
  sessionEnded: 'Diese Buchungssitzung ist beendet. Bitte starten Sie eine neue.',
  summaryAppointment: '{department} in {location}\n{date} um {time} Uhr',
  summaryDetails: 'Name: {name}\nE-Mail: {email}\nTelefon: {phone}{notes}',
  summaryWithPerson: '{service} bei {person}',
};

const tr: FlowStrings = {
  titleAppointment: 'Randevu',
  titleDetails: 'Bilgiler',
  titleSummary: 'Özet',
  appointmentIntro: 'Size uygun bir hizmet, yer ve saat seçin.',
  service: 'Hizmet',
  person: 'Uzman',
  anyone: 'Fark etmez',
  location: 'Konum',
  date: 'Tarih',
  time: 'Saat',
  continue: 'Devam',
  detailsIntro: 'Randevu kimin için?',
  name: 'Ad Soyad',
  email: 'E-posta',
  phone: 'Telefon',
  moreDetails: 'Ek bilgiler',
  moreDetailsHelper: 'Gelmeden önce bilmemiz gerekenler (isteğe bağlı)',
  done: 'Tamam',
  summaryHeading: 'Randevunuz',
  terms: 'Koşulları kabul ediyorum.',
  termsHeading: 'Şartlar ve koşullar',
  termsBody:
    'Lütfen randevunuzdan beş dakika önce gelin. Gelemeyecekseniz, saatin başkasına kalması için bu sohbetten iptal edin. Bilgilerinizi yalnızca bu randevu için kullanırız.',
  confirm: 'Randevuyu onayla',
  chooseServiceFirst: 'Önce bir hizmet seçin',
  chooseLocationFirst: 'Önce bir konum seçin',
  chooseDateFirst: 'Önce bir tarih seçin',
  noLocations: 'Bunu sunan konum yok',
  noDates: 'Boş tarih yok',
  noTimes: 'Boş saat yok',
  errorUnknownOption: 'Bu seçenek artık mevcut değil. Lütfen yeniden seçin.',
  errorIncomplete: 'Lütfen hizmet, konum, tarih ve saat seçin.',
  errorSlotTaken: 'Üzgünüz, bu saat az önce alındı. Lütfen başka bir saat seçin.',
  errorSlotLost: 'Üzgünüz, siz yokken saatiniz alındı. Başka bir saat seçmek için geri dönün; bilgileriniz saklandı.',
  errorName: 'Lütfen adınızı girin (2 ile 80 karakter).',
  errorEmail: 'Lütfen geçerli bir e-posta adresi girin.',
  errorPhone: 'Lütfen ülke koduyla geçerli bir telefon numarası girin.',
  errorTerms: 'Onaylamak için lütfen koşulları kabul edin.',
  waitlistLink: 'Bekleme listesine katıl',
  errorRetry: 'Bizim tarafımızda bir sorun oluştu. Lütfen tekrar deneyin.',
  errorBookingLimit:
    'İzin verilen en fazla yaklaşan randevuya ({limit}) zaten sahipsiniz. Yenisini almak için bu sohbetten birini iptal edin.',
  sessionEnded: 'Bu rezervasyon oturumu sona erdi. Lütfen yeni bir oturum başlatın.',
  summaryAppointment: '{department}, {location}\n{date}, saat {time}',
  summaryDetails: 'Ad: {name}\nE-posta: {email}\nTelefon: {phone}{notes}',
  summaryWithPerson: '{service}, {person} ile',
};

const hi: FlowStrings = {
  titleAppointment: 'अपॉइंटमेंट',
  titleDetails: 'विवरण',
  titleSummary: 'सारांश',
  appointmentIntro: 'अपने लिए सुविधाजनक सेवा, स्थान और समय चुनें।',
  service: 'सेवा',
  person: 'विशेषज्ञ',
  anyone: 'कोई भी',
  location: 'स्थान',
  date: 'तारीख',
  time: 'समय',
  continue: 'आगे बढ़ें',
  detailsIntro: 'यह अपॉइंटमेंट किसके लिए है?',
  name: 'नाम',
  email: 'ईमेल',
  phone: 'फ़ोन',
  moreDetails: 'अतिरिक्त जानकारी',
  moreDetailsHelper: 'आपके आने से पहले हमें क्या जानना चाहिए (वैकल्पिक)',
  done: 'हो गया',
  summaryHeading: 'आपका अपॉइंटमेंट',
  terms: 'मैं शर्तों से सहमत हूँ।',
  termsHeading: 'नियम और शर्तें',
  termsBody:
    'कृपया अपने अपॉइंटमेंट से पाँच मिनट पहले पहुँचें। अगर आप नहीं आ सकते, तो इसी चैट से रद्द करें ताकि कोई और वह समय ले सके। आपकी जानकारी केवल इस अपॉइंटमेंट के लिए उपयोग होती है।',
  confirm: 'अपॉइंटमेंट की पुष्टि करें',
  chooseServiceFirst: 'पहले सेवा चुनें',
  chooseLocationFirst: 'पहले स्थान चुनें',
  chooseDateFirst: 'पहले तारीख चुनें',
  noLocations: 'कोई स्थान यह नहीं देता',
  noDates: 'कोई तारीख खाली नहीं',
  noTimes: 'कोई समय खाली नहीं',
  errorUnknownOption: 'यह विकल्प अब उपलब्ध नहीं है। कृपया फिर से चुनें।',
  errorIncomplete: 'कृपया सेवा, स्थान, तारीख और समय चुनें।',
  errorSlotTaken: 'क्षमा करें, यह समय अभी-अभी बुक हो गया। कृपया दूसरा समय चुनें।',
  errorSlotLost: 'क्षमा करें, आपकी अनुपस्थिति में आपका समय बुक हो गया। दूसरा समय चुनने के लिए वापस जाएँ; आपकी जानकारी सुरक्षित है।',
  errorName: 'कृपया अपना नाम लिखें (2 से 80 अक्षर)।',
  errorEmail: 'कृपया मान्य ईमेल पता लिखें।',
  errorPhone: 'कृपया देश कोड के साथ मान्य फ़ोन नंबर लिखें।',
  errorTerms: 'पुष्टि के लिए कृपया शर्तें स्वीकार करें।',
  waitlistLink: 'प्रतीक्षा सूची में जुड़ें',
  errorRetry: 'हमारी ओर से कुछ गड़बड़ हुई। कृपया फिर से कोशिश करें।',
  errorBookingLimit: 'आपके पास पहले से ही अधिकतम अनुमत आगामी अपॉइंटमेंट ({limit}) हैं। नया बुक करने के लिए इसी चैट से एक रद्द करें।',
  sessionEnded: 'यह बुकिंग सत्र समाप्त हो गया है। कृपया नया सत्र शुरू करें।',
  summaryAppointment: '{department}, {location}\n{date}, {time} बजे',
  summaryDetails: 'नाम: {name}\nईमेल: {email}\nफ़ोन: {phone}{notes}',
  summaryWithPerson: '{person} के साथ {service}',
};

const TABLE: Readonly<Record<string, FlowStrings>> = { en, ar, fa, es, fr, pt, de, tr, hi };

/** Languages the Flow's own wording exists in (base codes); others fall back to English. */
export const FLOW_LANGUAGES = Object.keys(TABLE);

/** The Flow's strings for a WhatsApp language code (`pt_BR` → `pt`, unknown → English). */
export function flowStrings(language: string): FlowStrings {
  return TABLE[language.split('_')[0] ?? ''] ?? en;
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
