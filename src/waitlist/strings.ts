/**
 * What the waitlist says in the chat, per base language (the languages the Flow speaks). Placeholders in
 * braces are filled by `fill` (src/flows/strings.ts). Button titles stay within Meta's 20 characters, list
 * rows within 24 (docs/protocol.md §7).
 */
export interface WaitlistStrings {
  /** After joining from the Flow. */
  joined: string;
  /** A freed time held for the customer (inside the 24-hour window; outside it, the `waitlist_offer` template). */
  offerBody: string;
  take: string;
  pass: string;
  /** After "Not for me". */
  passed: string;
  /** A tap on an offer that has ended (taken, passed, expired, or the time is gone). */
  offerGone: string;
  /** "My waitlist": the list of open entries. */
  listBody: string;
  listButton: string;
  /** "My waitlist" with nothing open (the booking Flow follows). */
  none: string;
  leaveAsk: string;
  leave: string;
  keep: string;
  left: string;
  kept: string;
}

const en: WaitlistStrings = {
  joined:
    'You\'re on the waitlist for {service} at {location}, {dates}. When a time frees up, we hold it for you and message you here.\n\nTo see or leave your waitlist, write "waitlist".',
  offerBody:
    'Good news: a time has freed up.\n\n{service}\n{location}\n{when}\n\nWe are holding it for you until {until}.',
  take: 'Book it',
  pass: 'Not for me',
  passed: 'All right, we offer it to the next person. You stay on the waitlist for other times.',
  offerGone: 'Sorry, this time is no longer held for you. Write "waitlist" to see what you are waiting for.',
  listBody: 'You are on the waitlist for these. Tap one to leave it.',
  listButton: 'My waitlist',
  none: 'You are not on the waitlist. When no time suits you in the booking form, tap "{link}" and we tell you when one frees up.',
  leaveAsk: 'Leave the waitlist for {service} at {location}?',
  leave: 'Leave',
  keep: 'Keep waiting',
  left: 'Done: you are no longer waiting for {service} at {location}.',
  kept: 'OK, you stay on the waitlist.',
};

const ar: WaitlistStrings = {
  joined:
    'أضفناك إلى قائمة الانتظار لـ {service} في {location}، {dates}. عندما يتوفر موعد نحجزه لك ونرسل إليك هنا.\n\nلعرض قائمة الانتظار أو مغادرتها، اكتب "قائمة الانتظار".',
  offerBody: 'خبر سار: توفر موعد.\n\n{service}\n{location}\n{when}\n\nنحجزه لك حتى {until}.',
  take: 'احجزه',
  pass: 'لا يناسبني',
  passed: 'حسنًا، سنعرضه على الشخص التالي. ستبقى في قائمة الانتظار لمواعيد أخرى.',
  offerGone: 'عذرًا، لم يعد هذا الموعد محجوزًا لك. اكتب "قائمة الانتظار" لترى ما تنتظره.',
  listBody: 'أنت في قائمة الانتظار لهذه. اضغط على أحدها لمغادرته.',
  listButton: 'قائمة انتظاري',
  none: 'لست في قائمة الانتظار. إذا لم يناسبك أي موعد في نموذج الحجز، اضغط "{link}" وسنخبرك عندما يتوفر موعد.',
  leaveAsk: 'هل تريد مغادرة قائمة الانتظار لـ {service} في {location}؟',
  leave: 'مغادرة',
  keep: 'البقاء في الانتظار',
  left: 'تم: لم تعد تنتظر {service} في {location}.',
  kept: 'حسنًا، ستبقى في قائمة الانتظار.',
};

const fa: WaitlistStrings = {
  joined:
    'شما در فهرست انتظار {service} در {location} هستید، {dates}. وقتی زمانی آزاد شود، آن را برایتان نگه می‌داریم و همین‌جا خبرتان می‌کنیم.\n\nبرای دیدن یا ترک فهرست انتظار، بنویسید «فهرست انتظار».',
  offerBody: 'خبر خوب: یک زمان آزاد شد.\n\n{service}\n{location}\n{when}\n\nتا {until} برای شما نگه داشته می‌شود.',
  take: 'رزرو کن',
  pass: 'مناسب من نیست',
  passed: 'بسیار خب، آن را به نفر بعدی پیشنهاد می‌دهیم. شما برای زمان‌های دیگر در فهرست انتظار می‌مانید.',
  offerGone: 'متأسفیم، این زمان دیگر برای شما نگه داشته نشده است. برای دیدن انتظارهایتان بنویسید «فهرست انتظار».',
  listBody: 'شما در فهرست انتظار این موارد هستید. برای ترک هرکدام، آن را بزنید.',
  listButton: 'فهرست انتظار من',
  none: 'شما در فهرست انتظار نیستید. اگر در فرم رزرو هیچ زمانی مناسب نبود، «{link}» را بزنید تا وقتی زمانی آزاد شد خبرتان کنیم.',
  leaveAsk: 'از فهرست انتظار {service} در {location} خارج می‌شوید؟',
  leave: 'خروج',
  keep: 'می‌مانم',
  left: 'انجام شد: دیگر منتظر {service} در {location} نیستید.',
  kept: 'بسیار خب، در فهرست انتظار می‌مانید.',
};

const es: WaitlistStrings = {
  joined:
    'Estás en la lista de espera de {service} en {location}, {dates}. Cuando se libere una hora, te la reservamos y te escribimos aquí.\n\nPara ver o dejar tu lista de espera, escribe "lista de espera".',
  offerBody:
    'Buenas noticias: se ha liberado una hora.\n\n{service}\n{location}\n{when}\n\nTe la reservamos hasta las {until}.',
  take: 'Reservarla',
  pass: 'No me sirve',
  passed: 'De acuerdo, se la ofrecemos a la siguiente persona. Sigues en la lista de espera para otras horas.',
  offerGone: 'Lo sentimos, esta hora ya no está reservada para ti. Escribe "lista de espera" para ver lo que esperas.',
  listBody: 'Estás en la lista de espera de esto. Toca uno para dejarlo.',
  listButton: 'Mi lista de espera',
  none: 'No estás en la lista de espera. Si ninguna hora te va bien en el formulario de reserva, toca "{link}" y te avisamos cuando se libere una.',
  leaveAsk: '¿Dejar la lista de espera de {service} en {location}?',
  leave: 'Dejarla',
  keep: 'Seguir esperando',
  left: 'Hecho: ya no esperas {service} en {location}.',
  kept: 'De acuerdo, sigues en la lista de espera.',
};

const fr: WaitlistStrings = {
  joined:
    'Vous êtes sur la liste d’attente pour {service} à {location}, {dates}. Dès qu’un créneau se libère, nous vous le réservons et vous écrivons ici.\n\nPour voir ou quitter votre liste d’attente, écrivez « liste d’attente ».',
  offerBody:
    'Bonne nouvelle : un créneau s’est libéré.\n\n{service}\n{location}\n{when}\n\nNous vous le réservons jusqu’à {until}.',
  take: 'Je le prends',
  pass: 'Pas pour moi',
  passed:
    'Très bien, nous le proposons à la personne suivante. Vous restez sur la liste d’attente pour d’autres créneaux.',
  offerGone: 'Désolé, ce créneau ne vous est plus réservé. Écrivez « liste d’attente » pour voir ce que vous attendez.',
  listBody: 'Vous êtes sur la liste d’attente pour ceci. Touchez une ligne pour la quitter.',
  listButton: 'Ma liste d’attente',
  none: 'Vous n’êtes pas sur la liste d’attente. Si aucun créneau ne vous convient dans le formulaire, touchez « {link} » et nous vous prévenons dès qu’un créneau se libère.',
  leaveAsk: 'Quitter la liste d’attente pour {service} à {location} ?',
  leave: 'Quitter',
  keep: 'Continuer d’attendre',
  left: 'C’est fait : vous n’attendez plus {service} à {location}.',
  kept: 'Très bien, vous restez sur la liste d’attente.',
};

const pt: WaitlistStrings = {
  joined:
    'Você está na lista de espera de {service} em {location}, {dates}. Quando um horário vagar, nós o reservamos para você e avisamos aqui.\n\nPara ver ou sair da sua lista de espera, escreva "lista de espera".',
  offerBody:
    'Boa notícia: um horário vagou.\n\n{service}\n{location}\n{when}\n\nEstamos reservando para você até {until}.',
  take: 'Quero esse',
  pass: 'Não serve',
  passed: 'Tudo bem, vamos oferecê-lo à próxima pessoa. Você continua na lista de espera para outros horários.',
  offerGone:
    'Desculpe, este horário não está mais reservado para você. Escreva "lista de espera" para ver o que você aguarda.',
  listBody: 'Você está na lista de espera destes. Toque em um para sair dele.',
  listButton: 'Minha lista',
  none: 'Você não está na lista de espera. Se nenhum horário servir no formulário de agendamento, toque em "{link}" e avisamos quando um vagar.',
  leaveAsk: 'Sair da lista de espera de {service} em {location}?',
  leave: 'Sair',
  keep: 'Continuar esperando',
  left: 'Pronto: você não aguarda mais {service} em {location}.',
  kept: 'Tudo bem, você continua na lista de espera.',
};

const de: WaitlistStrings = {
  joined:
    'Sie stehen auf der Warteliste für {service} in {location}, {dates}. Wird ein Termin frei, halten wir ihn für Sie fest und schreiben Ihnen hier.\n\nUm Ihre Warteliste zu sehen oder zu verlassen, schreiben Sie „Warteliste“.',
  offerBody:
    'Gute Nachricht: Ein Termin ist frei geworden.\n\n{service}\n{location}\n{when}\n\nWir halten ihn bis {until} für Sie fest.',
  take: 'Buchen',
  pass: 'Passt nicht',
  passed: 'In Ordnung, wir bieten ihn der nächsten Person an. Für andere Termine bleiben Sie auf der Warteliste.',
  offerGone:
    'Dieser Termin ist leider nicht mehr für Sie reserviert. Schreiben Sie „Warteliste“, um zu sehen, worauf Sie warten.',
  listBody: 'Hierfür stehen Sie auf der Warteliste. Tippen Sie auf einen Eintrag, um ihn zu verlassen.',
  listButton: 'Meine Warteliste',
  none: 'Sie stehen auf keiner Warteliste. Passt Ihnen im Buchungsformular kein Termin, tippen Sie auf „{link}“, und wir melden uns, sobald einer frei wird.',
  leaveAsk: 'Die Warteliste für {service} in {location} verlassen?',
  leave: 'Verlassen',
  keep: 'Weiter warten',
  left: 'Erledigt: Sie warten nicht mehr auf {service} in {location}.',
  kept: 'In Ordnung, Sie bleiben auf der Warteliste.',
};

const tr: WaitlistStrings = {
  joined:
    '{location} konumunda {service} için bekleme listesindesiniz, {dates}. Bir saat boşalınca onu sizin için ayırır ve buradan yazarız.\n\nBekleme listenizi görmek veya listeden çıkmak için "bekleme listesi" yazın.',
  offerBody:
    'İyi haber: bir saat boşaldı.\n\n{service}\n{location}\n{when}\n\n{until} saatine kadar sizin için ayırıyoruz.',
  take: 'Rezerve et',
  pass: 'Bana uymuyor',
  passed: 'Tamam, sıradaki kişiye sunuyoruz. Diğer saatler için bekleme listesinde kalıyorsunuz.',
  offerGone:
    'Üzgünüz, bu saat artık sizin için ayrılmış değil. Neyi beklediğinizi görmek için "bekleme listesi" yazın.',
  listBody: 'Bunlar için bekleme listesindesiniz. Listeden çıkmak için birine dokunun.',
  listButton: 'Bekleme listem',
  none: 'Bekleme listesinde değilsiniz. Rezervasyon formunda hiçbir saat uymazsa "{link}" seçeneğine dokunun, bir saat boşalınca haber verelim.',
  leaveAsk: '{location} konumundaki {service} bekleme listesinden çıkılsın mı?',
  leave: 'Çık',
  keep: 'Beklemeye devam',
  left: 'Tamam: artık {location} konumunda {service} beklemiyorsunuz.',
  kept: 'Tamam, bekleme listesinde kalıyorsunuz.',
};

const hi: WaitlistStrings = {
  joined:
    'आप {location} पर {service} की प्रतीक्षा सूची में हैं, {dates}। कोई समय खाली होते ही हम उसे आपके लिए रोक लेंगे और आपको यहीं संदेश भेजेंगे।\n\nअपनी प्रतीक्षा सूची देखने या उससे हटने के लिए "प्रतीक्षा सूची" लिखें।',
  offerBody: 'खुशखबरी: एक समय खाली हुआ है।\n\n{service}\n{location}\n{when}\n\nहम इसे {until} तक आपके लिए रोक रहे हैं।',
  take: 'बुक करें',
  pass: 'मेरे लिए नहीं',
  passed: 'ठीक है, हम इसे अगले व्यक्ति को दे रहे हैं। दूसरे समय के लिए आप प्रतीक्षा सूची में बने रहेंगे।',
  offerGone: 'माफ़ कीजिए, यह समय अब आपके लिए रोका नहीं गया है। आप किसकी प्रतीक्षा में हैं, यह देखने के लिए "प्रतीक्षा सूची" लिखें।',
  listBody: 'आप इनकी प्रतीक्षा सूची में हैं। किसी से हटने के लिए उस पर टैप करें।',
  listButton: 'मेरी प्रतीक्षा सूची',
  none: 'आप प्रतीक्षा सूची में नहीं हैं। अगर बुकिंग फ़ॉर्म में कोई समय सही न लगे, तो "{link}" पर टैप करें और समय खाली होते ही हम आपको बताएँगे।',
  leaveAsk: '{location} पर {service} की प्रतीक्षा सूची से हटें?',
  leave: 'हटें',
  keep: 'प्रतीक्षा जारी रखें',
  left: 'हो गया: अब आप {location} पर {service} की प्रतीक्षा में नहीं हैं।',
  kept: 'ठीक है, आप प्रतीक्षा सूची में बने रहेंगे।',
};

const TABLE: Readonly<Record<string, WaitlistStrings>> = { en, ar, fa, es, fr, pt, de, tr, hi };

/** Every table, by base language (for the words tests). */
export const WAITLIST_STRINGS: Readonly<Record<string, WaitlistStrings>> = TABLE;

/** The table for a language (`pt_BR` → `pt`), English when flowbook does not speak it. */
export function waitlistStrings(language: string): WaitlistStrings {
  return TABLE[language.split('_')[0] ?? language] ?? en;
}
