import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { detectIntent, type IntentKind } from '../../src/conversation/intents.ts';
import { chatStrings } from '../../src/messaging/strings.ts';
import { ENGINES } from '../storage/helpers.ts';
import { bookFor, delivery, startHarness, textMsg, type Harness } from './harness.ts';

/** What a native speaker types, per language and intent (issue #18 names the phrasings misread before). */
const PHRASES: Record<string, Partial<Record<IntentKind, readonly string[]>>> = {
  en: {
    book: ['I want to book', 'appointment please'],
    manage: ['my appointments', 'cancel my booking'],
    reschedule: ['reschedule', 'can I change my appointment?'],
    human: ['talk to a person', 'I need a human'],
    menu: ['menu', 'help'],
  },
  ar: {
    book: ['أريد حجز موعد', 'موعد'],
    manage: ['ألغي موعدي', 'موعدي', 'مواعيدي', 'إلغاء الموعد'],
    reschedule: ['إعادة جدولة', 'تغيير الموعد', 'أريد تأجيل موعدي'],
    human: ['أريد التحدث مع موظف', 'خدمة العملاء'],
    menu: ['القائمة', 'مساعدة'],
  },
  fa: {
    book: ['نوبت می‌خواهم'],
    manage: ['نوبت‌های من', 'لغو نوبت'],
    reschedule: ['تغییر زمان', 'تغییر نوبت'],
    human: ['می‌خواهم با اپراتور صحبت کنم', 'پشتیبانی'],
    menu: ['منو', 'کمک'],
  },
  es: {
    book: ['quiero una cita', 'reservar'],
    manage: ['mis citas', 'cancelar mi cita'],
    reschedule: ['reprogramar', 'quiero cambiar mi cita'],
    human: ['hablar con una persona', 'quiero un agente'],
    menu: ['menú', 'ayuda'],
  },
  fr: {
    book: ['je voudrais un rendez-vous', 'rdv svp'],
    manage: ['mes rdv', 'mes rendez-vous', 'annuler'],
    reschedule: ['reporter mon rendez-vous', 'je dois décaler', 'déplacer le rdv'],
    human: ['parler à quelqu’un', 'un conseiller svp'],
    menu: ['aide'],
  },
  pt: {
    book: ['quero agendar', 'marcar horário'],
    manage: ['meus agendamentos', 'desmarcar'],
    reschedule: ['remarcar', 'preciso reagendar'],
    human: ['falar com uma pessoa', 'atendente'],
    menu: ['ajuda', 'opções'],
  },
  de: {
    book: ['Termin bitte', 'ich möchte einen Termin'],
    manage: ['meine Termine', 'absagen'],
    reschedule: ['verschieben', 'Termin verschieben bitte', 'kann ich umbuchen?'],
    human: ['mit einem Menschen sprechen', 'Mitarbeiter bitte'],
    menu: ['Menü', 'Hilfe'],
  },
  tr: {
    book: ['randevu almak istiyorum'],
    manage: ['randevularım', 'iptal'],
    reschedule: ['yeniden planla', 'randevumu değiştirmek istiyorum', 'erteleyebilir miyim'],
    human: ['müşteri hizmetleri', 'temsilci ile görüşmek istiyorum'],
    menu: ['menü', 'yardım'],
  },
  hi: {
    book: ['अपॉइंटमेंट चाहिए'],
    manage: ['मेरा अपॉइंटमेंट', 'मेरी अपॉइंटमेंट', 'रद्द करें'],
    reschedule: ['पुनर्निर्धारित करें', 'समय बदलना है', 'रीशेड्यूल'],
    human: ['किसी से बात करनी है', 'एजेंट'],
    menu: ['मेनू', 'मदद'],
  },
};

test('every supported language: each intent in the words people type (table)', () => {
  for (const [language, intents] of Object.entries(PHRASES)) {
    for (const [kind, phrases] of Object.entries(intents)) {
      for (const phrase of phrases ?? []) {
        // `prefer` as the handler passes it (the customer's language) settles words shared by languages ("menü").
        const intent = detectIntent(phrase, { prefer: language });
        assert.deepEqual(intent, { kind, language }, `${language} ${JSON.stringify(phrase)}`);
      }
    }
  }
});

test('a word several languages share goes to the customer’s language; greetings say the language, whole words only', () => {
  assert.deepEqual(detectIntent('cancelar', { prefer: 'pt' }), { kind: 'manage', language: 'pt' });
  assert.deepEqual(detectIntent('cancelar', { prefer: 'es' }), { kind: 'manage', language: 'es' });
  assert.deepEqual(detectIntent('menu', { prefer: 'fr' }), { kind: 'menu', language: 'fr' });
  assert.deepEqual(detectIntent('menu', { prefer: 'de' }), { kind: 'menu', language: 'de' });
  assert.deepEqual(detectIntent('hola'), { kind: 'other', language: 'es' });
  assert.deepEqual(detectIntent('Bonjour !'), { kind: 'other', language: 'fr' });
  assert.deepEqual(detectIntent('history lesson'), { kind: 'other' }, '"hi" is a whole word, not a prefix');
  assert.deepEqual(detectIntent('what time is it'), { kind: 'other' });
});

/** Customers per language: one writes the "my appointments" phrase, one the "reschedule" phrase. */
const WEBHOOK_CASES = [
  { language: 'en', phone: '447700910001', manage: 'my appointments', reschedule: 'reschedule please' },
  { language: 'ar', phone: '966500910001', manage: 'ألغي موعدي', reschedule: 'تغيير الموعد' },
  { language: 'fa', phone: '989120910001', manage: 'نوبت‌های من', reschedule: 'تغییر زمان نوبت' },
  { language: 'es', phone: '34600910001', manage: 'mis citas', reschedule: 'reprogramar' },
  { language: 'fr', phone: '33600910001', manage: 'mes rdv', reschedule: 'reporter' },
  { language: 'pt', phone: '5511910910001', manage: 'meus agendamentos', reschedule: 'remarcar' },
  { language: 'de', phone: '491700910001', manage: 'meine Termine', reschedule: 'verschieben' },
  { language: 'tr', phone: '905320910001', manage: 'randevularım', reschedule: 'yeniden planla' },
  { language: 'hi', phone: '919810910001', manage: 'मेरा अपॉइंटमेंट', reschedule: 'पुनर्निर्धारित' },
];

for (const engine of ENGINES)
  describe(`intents in every language over the webhook [${engine}]`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ engine });
    });
    after(() => h.close());

    test('"my appointments" lists the bookings; "reschedule" opens the Flow for the one booking, in each language', async () => {
      const booked = new Map<string, string>();
      for (const [i, c] of WEBHOOK_CASES.entries()) {
        const mover = `${c.phone.slice(0, -1)}2`;
        const at = { language: c.language, dayOffset: 2 + i };
        booked.set(c.phone, (await bookFor(h.app, c.phone, { ...at, slot: 1 })).bookingId);
        booked.set(mover, (await bookFor(h.app, mover, { ...at, slot: 2 })).bookingId);
      }
      // The bookings' confirmations go first; what the keywords get is what follows them.
      await h.idle();
      const sentBefore = new Map([...booked.keys()].map((phone) => [phone, h.sentTo(phone).length]));
      const since = (phone: string) => h.sentTo(phone).slice(sentBefore.get(phone));
      await h.post(
        delivery({
          messages: WEBHOOK_CASES.flatMap((c, i) => [
            textMsg(c.phone, `wamid.IM${i}`, c.manage),
            textMsg(`${c.phone.slice(0, -1)}2`, `wamid.IR${i}`, c.reschedule),
          ]),
        }),
      );
      await h.idle();
      for (const c of WEBHOOK_CASES) {
        const [list, ...more] = since(c.phone);
        assert.equal(
          more.length,
          0,
          `${c.language}: ${JSON.stringify(h.sentTo(c.phone).map((m) => [m.type, m.template?.name, m.interactive?.body?.text]))}`,
        );
        assert.equal(list!.interactive.type, 'list', `${c.language}: ${c.manage}`);
        assert.equal(list!.interactive.action.button, chatStrings(c.language).listButton, c.language);
        assert.equal(list!.interactive.action.sections[0].rows[0].id, `booking:${booked.get(c.phone)}`);

        const mover = `${c.phone.slice(0, -1)}2`;
        const [flow] = since(mover);
        assert.equal(flow!.interactive.type, 'flow', `${c.language}: ${c.reschedule}`);
        const session = h.app.tokens.open(flow!.interactive.action.parameters.flow_token, Date.now());
        assert.equal(session.rescheduleOf, booked.get(mover), c.language);
        assert.equal(session.language.split('_')[0], c.language);
      }
    });
  });
