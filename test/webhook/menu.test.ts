import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINES } from '../storage/helpers.ts';
import { bookFor, delivery, replyMsg, startHarness, textMsg, type Harness } from './harness.ts';

const rowsOf = (m: Record<string, any>) =>
  m.interactive.action.sections[0].rows as Array<{ id: string; title: string; description?: string }>;
const tokenOf = (h: Harness, m: Record<string, any>) =>
  h.app.tokens.open(m.interactive.action.parameters.flow_token, Date.now());

for (const engine of ENGINES)
  describe(`every message gets an answer: the menu (stand-in Graph API) [${engine}]`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ engine });
    });
    after(() => h.close());

    /** Sends one message and waits until it is answered (one at a time: the order is the test's). */
    const say = async (message: Record<string, unknown>) => {
      assert.equal((await h.post(delivery({ messages: [message] }))).statusCode, 200);
      await h.idle();
    };
    /** What the customer's messages got: the sends minus the confirmations of the bookings a test made first. */
    const answers = (phone: string) =>
      h.sentTo(phone).filter((m) => !(m.type === 'template' && m.template.name === 'appointment_confirmation'));

    test('five unrecognised messages in a row: the menu once, then a pointer to it each time, never silence', async () => {
      const phone = '447700920001';
      const texts = ['hello?', 'is anyone there', 'what?', 'hmm', 'are you a robot'];
      for (const [i, text] of texts.entries()) await say(textMsg(phone, `wamid.U${i}`, text));
      const sent = answers(phone);
      assert.equal(sent.length, 5, 'one answer per message, no more');
      const [menu, ...pointers] = sent;
      assert.equal(menu!.interactive.type, 'list');
      assert.equal(menu!.interactive.action.button, 'Menu');
      assert.deepEqual(
        rowsOf(menu!).map((r) => [r.id, r.title]),
        [
          ['menu:book', 'Book an appointment'],
          ['menu:mine', 'My appointments'],
          ['menu:reschedule', 'Reschedule'],
          ['menu:waitlist', 'My waitlist'],
          ['menu:language', 'Language'],
          ['menu:human', 'Talk to us'],
        ],
      );
      // The pointer is plain text: nothing in it to tap, so it cannot start a loop.
      for (const p of pointers) assert.deepEqual([p.type, p.text.body], ['text', sent[1]!.text.body]);
      assert.match(sent[1]!.text.body, /menu above/);
      const { rows } = await h.app.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM inbound_messages WHERE customer_phone = $1 AND handled_at IS NULL',
        [phone],
      );
      assert.equal(rows[0]!.n, 0, 'every message handled');
    });

    test('"menu" brings the whole menu back at once; a sticker or an unknown row id gets an answer too', async () => {
      const phone = '447700920002';
      await say(textMsg(phone, 'wamid.M1', 'hello?'));
      await say(textMsg(phone, 'wamid.M2', 'menu'));
      await say({ from: phone, id: 'wamid.M3', timestamp: String(Math.floor(Date.now() / 1000)), type: 'sticker' });
      await say(replyMsg(phone, 'wamid.M4', 'list_reply', 'menu:nonsense'));
      const kinds = answers(phone).map((m) => m.interactive?.type ?? m.type);
      assert.deepEqual(kinds, ['list', 'list', 'text', 'list']);
    });

    test('each menu choice works: Book, My appointments, Language, Talk to us', async () => {
      const phone = '447700920003';
      const { bookingId } = await bookFor(h.app, phone, { slot: 3 });
      await say(textMsg(phone, 'wamid.C0', 'hi'));
      await say(replyMsg(phone, 'wamid.C1', 'list_reply', 'menu:book'));
      await say(replyMsg(phone, 'wamid.C2', 'list_reply', 'menu:mine'));
      await say(replyMsg(phone, 'wamid.C3', 'list_reply', 'menu:language'));
      await say(replyMsg(phone, 'wamid.C4', 'list_reply', 'menu:human'));
      const [, flow, mine, languages, human] = answers(phone);
      assert.equal(flow!.interactive.type, 'flow');
      assert.equal(tokenOf(h, flow!).rescheduleOf, undefined, 'a new booking');
      assert.equal(mine!.interactive.type, 'list');
      assert.equal(rowsOf(mine!)[0]!.id, `booking:${bookingId}`);
      assert.ok(rowsOf(languages!).some((r) => r.id === 'lang:fa'));
      assert.equal(human!.interactive.type, 'button');
      assert.match(human!.interactive.body.text, /A person from our team will answer you here/);
    });

    test('Reschedule: none says so; one goes straight to its Flow; several are listed to pick one', async () => {
      const none = '447700920004';
      await say(replyMsg(none, 'wamid.R0', 'list_reply', 'menu:reschedule'));
      assert.match(answers(none)[0]!.text.body, /no upcoming appointments/);

      const one = '447700920005';
      const { bookingId } = await bookFor(h.app, one, { slot: 4 });
      await say(replyMsg(one, 'wamid.R1', 'list_reply', 'menu:reschedule'));
      const [flow] = answers(one);
      assert.equal(flow!.interactive.type, 'flow');
      assert.equal(tokenOf(h, flow!).rescheduleOf, bookingId);

      const several = '447700920006';
      const first = await bookFor(h.app, several, { slot: 5 });
      const second = await bookFor(h.app, several, { slot: 6, dayOffset: 4 });
      await say(replyMsg(several, 'wamid.R2', 'list_reply', 'menu:reschedule'));
      const [list] = answers(several);
      assert.equal(list!.interactive.type, 'list');
      assert.deepEqual(
        rowsOf(list!).map((r) => r.id),
        [`reschedule:${first.bookingId}`, `reschedule:${second.bookingId}`],
      );
      await say(replyMsg(several, 'wamid.R3', 'list_reply', `reschedule:${second.bookingId}`));
      const picked = answers(several).at(-1)!;
      assert.equal(tokenOf(h, picked).rescheduleOf, second.bookingId);
      // Someone else's booking id is not rescheduled.
      await say(replyMsg('447700920007', 'wamid.R4', 'list_reply', `reschedule:${second.bookingId}`));
      assert.match(answers('447700920007')[0]!.text.body, /can no longer be changed/);
    });

    test('free text is answered in the language it is written in; short text keeps the stored language', async () => {
      // A +44 number writing Spanish, a US number writing German, a Turkish number writing Persian.
      await say(textMsg('447700920010', 'wamid.W1', '¿a qué hora abren mañana?'));
      await say(textMsg('12025550110', 'wamid.W2', 'Wann öffnen Sie morgen?'));
      await say(textMsg('905320920010', 'wamid.W3', 'فردا ساعت چند باز می‌کنید؟'));
      assert.equal(answers('447700920010')[0]!.interactive.body.text, '¿En qué podemos ayudarte? Elige una opción.');
      assert.equal(answers('12025550110')[0]!.interactive.body.text, 'Wie können wir helfen? Wählen Sie eine Option.');
      assert.match(answers('905320920010')[0]!.interactive.body.text, /چطور می‌توانیم کمک کنیم/);
      // The language written is remembered: the next short message ("ok") is answered in it too.
      await say(textMsg('447700920010', 'wamid.W4', 'ok'));
      assert.match(answers('447700920010')[1]!.text.body, /Elige una opción del menú/);
      // A greeting names its language: "hola" from a +44 number that never wrote before.
      await say(textMsg('447700920011', 'wamid.W5', 'hola'));
      assert.equal(answers('447700920011')[0]!.interactive.action.button, 'Menú');
      // Too short to tell, no greeting: the calling code's language (+49 → German).
      await say(textMsg('491700920012', 'wamid.W6', 'ok?'));
      assert.equal(answers('491700920012')[0]!.interactive.action.button, 'Menü');
    });

    test('a language the customer chose is never overridden by a guess from their text', async () => {
      const phone = '447700920013';
      await say(replyMsg(phone, 'wamid.X1', 'list_reply', 'lang:fa'));
      await say(textMsg(phone, 'wamid.X2', 'what time do you open tomorrow?'));
      assert.match(answers(phone)[1]!.interactive.body.text, /چطور می‌توانیم کمک کنیم/);
      const { rows } = await h.app.db.query('SELECT language, language_chosen FROM customers WHERE id = $1', [phone]);
      assert.deepEqual(rows, [{ language: 'fa', language_chosen: true }]);
    });
  });
