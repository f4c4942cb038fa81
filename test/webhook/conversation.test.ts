import { SANDBOX_IDS } from '../../src/config.ts';
import assert from 'node:assert/strict';
import { ENGINES } from '../storage/helpers.ts';
import { after, before, describe, test } from 'node:test';
import { getBooking } from '../../src/booking/bookings.ts';
import { pruneDoneJobs } from '../../src/jobs/queue.ts';
import { metaError } from '../whatsapp/graph-server.ts';
import { bookFor, delivery, nfmMsg, replyMsg, startHarness, statusOf, textMsg, type Harness } from './harness.ts';

const flowParams = (m: Record<string, any>) => m.interactive?.action?.parameters as Record<string, any>;

for (const engine of ENGINES)
  describe(`conversation over the webhook (stand-in Graph API) [${engine}]`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ engine });
    });
    after(() => h.close());

    test('a booking keyword gets a Flow message with a fresh token in the keyword language', async () => {
      const phone = '201001234567';
      assert.equal(
        (await h.post(delivery({ messages: [textMsg(phone, 'wamid.K1', 'أريد حجز موعد من فضلك')] }))).statusCode,
        200,
      );
      await h.idle();
      const [sent, ...more] = h.sentTo(phone);
      assert.equal(more.length, 0);
      assert.equal(sent!.interactive.type, 'flow');
      const p = flowParams(sent!);
      assert.equal(p.flow_action, 'data_exchange');
      assert.equal(p.flow_id, SANDBOX_IDS.flowId); // sandbox, no FLOW_ID: the emulator's published Flow
      assert.equal(p.flow_cta, 'احجز موعدًا');
      const session = h.app.tokens.open(p.flow_token, Date.now());
      assert.equal(session.customer, phone);
      assert.equal(session.language, 'ar');
      const { rows } = await h.app.db.query<{ language: string }>('SELECT language FROM customers WHERE phone = $1', [
        phone,
      ]);
      assert.equal(rows[0]!.language, 'ar');
    });

    test('an English keyword from a +44 number speaks en_GB; Portuguese picks pt_BR', async () => {
      await h.post(
        delivery({
          messages: [
            textMsg('447700900123', 'wamid.K2', 'I want to book'),
            textMsg('5511999990000', 'wamid.K3', 'Quero um agendamento'),
          ],
        }),
      );
      await h.idle();
      assert.equal(
        h.app.tokens.open(flowParams(h.sentTo('447700900123')[0]!).flow_token, Date.now()).language,
        'en_GB',
      );
      const pt = h.sentTo('5511999990000')[0]!;
      assert.equal(h.app.tokens.open(flowParams(pt).flow_token, Date.now()).language, 'pt_BR');
      assert.equal(flowParams(pt).flow_cta, 'Fazer agendamento');
    });

    test('one POST with 50 messages from 50 customers gives 50 Flow messages', async () => {
      const phones = Array.from({ length: 50 }, (_, i) => `3161234${String(i).padStart(4, '0')}`);
      const res = await h.post(delivery({ messages: phones.map((p, i) => textMsg(p, `wamid.B${i}`, 'Termin bitte')) }));
      assert.equal(res.statusCode, 200);
      await h.idle();
      for (const phone of phones) {
        const sent = h.sentTo(phone);
        assert.equal(sent.length, 1);
        assert.equal(sent[0]!.interactive.type, 'flow');
      }
    });

    test('every delivery replayed: at once, after it was handled and a day later: one booking, one confirmation, one read', async () => {
      const phone = '34600111222';
      const { token, bookingId } = await bookFor(h.app, phone, { language: 'es', held: true, slot: 1 });
      const wamids = ['wamid.R1', 'wamid.R2'];
      const deliveries = [
        delivery({ messages: [textMsg(phone, wamids[0]!, 'hola, una cita')] }),
        delivery({
          messages: [nfmMsg(phone, wamids[1]!, { flow_token: token, booking_id: bookingId, name: 'Lucía' })],
        }),
        delivery({ statuses: [statusOf('wamid.unknown', 'delivered', phone)] }),
      ];
      const count = async (sql: string, params: unknown[]) =>
        (await h.app.db.query<{ n: number }>(sql, params)).rows[0]!.n;
      // What the wamid dedup itself guarantees: a replay records nothing and queues no second handling.
      const handlings = () =>
        count(`SELECT count(*)::int AS n FROM jobs WHERE name = 'message.handle' AND payload->>'wamid' = ANY($1)`, [
          wamids,
        ]);
      const effects = async () => ({
        bookings: await count('SELECT count(*)::int AS n FROM bookings WHERE customer_phone = $1', [phone]),
        confirmations: await count(
          `SELECT count(*)::int AS n FROM outbound_messages WHERE customer_phone = $1 AND kind = 'confirmation'`,
          [phone],
        ),
        inbound: await count('SELECT count(*)::int AS n FROM inbound_messages WHERE customer_phone = $1', [phone]),
        statuses: await count(`SELECT count(*)::int AS n FROM message_statuses WHERE wamid = 'wamid.unknown'`, []),
        templatesSent: h.sentTo(phone).filter((m) => m.type === 'template').length,
        flowsSent: h.sentTo(phone).filter((m) => m.type === 'interactive').length,
        readsSent: h.reads().filter((r) => r.message_id === wamids[1]).length,
      });
      const once = {
        bookings: 1,
        confirmations: 1,
        inbound: 2,
        statuses: 1,
        templatesSent: 1,
        flowsSent: 1,
        readsSent: 1,
      };

      // Three copies of each, concurrently, in a fixed shuffled order.
      const [text, nfm, status] = deliveries;
      const answers = await Promise.all(
        [status, text, nfm, nfm, status, text, text, nfm, status].map((d) => h.post(d)),
      );
      assert.ok(answers.every((a) => a.statusCode === 200));
      await h.idle();
      assert.deepEqual(await effects(), once);
      assert.equal(await handlings(), 2, 'one message.handle job per wamid');
      assert.equal((await getBooking(h.app.db, bookingId))!.status, 'confirmed'); // the webhook confirmed the hold idempotently

      // Meta retries a delivery it thinks failed, after we handled it.
      for (const d of deliveries) assert.equal((await h.post(d)).statusCode, 200);
      await h.idle();
      assert.deepEqual(await effects(), once);
      assert.equal(await handlings(), 2, 'a replay after handling queues nothing');

      // A day later (redeliveries go on for days, docs/protocol.md §6) the done jobs and their keys are pruned:
      // only the wamid stands between the replay and a second handling.
      await pruneDoneJobs(h.app.db, 0);
      for (const d of deliveries) assert.equal((await h.post(d)).statusCode, 200);
      await h.idle();
      assert.deepEqual(await effects(), once);
      assert.equal(await handlings(), 0, 'a replay after the prune queues no handling');

      const template = h.sentTo(phone).find((m) => m.type === 'template')!.template;
      assert.equal(template.name, 'appointment_confirmation');
      assert.equal(template.language.code, 'es');
      const params = template.components[0].parameters as Array<Record<string, any>>;
      const dateTime = params.find((p) => p.type === 'date_time');
      assert.ok(dateTime?.date_time.fallback_value.length > 5, 'fallback_value is our localized rendering');
    });

    test('a completion without a token is linked through context.id to the Flow message we sent', async () => {
      const phone = '491701234567';
      await h.post(delivery({ messages: [textMsg(phone, 'wamid.C1', 'Termin')] }));
      await h.idle();
      const flow = h.sentTo(phone)[0]!;
      const session = h.app.tokens.open(flowParams(flow).flow_token, Date.now());
      const { rows } = await h.app.db.query<{ wamid: string }>(
        'SELECT wamid FROM outbound_messages WHERE flow_session_id = $1',
        [session.id],
      );
      // A booking made through that session, as the endpoint would.
      const made = await bookFor(h.app, phone, { language: 'de', slot: 2 });
      await h.app.db.query('UPDATE bookings SET flow_token = $1 WHERE id = $2', [session.id, made.bookingId]);
      await h.post(delivery({ messages: [nfmMsg(phone, 'wamid.C2', '{not json', rows[0]!.wamid)] }));
      await h.idle();
      const templates = h.sentTo(phone).filter((m) => m.type === 'template');
      assert.equal(templates.length, 1);
      assert.equal(templates[0]!.template.language.code, 'de');
    });

    test('statuses move forward only; a failure records its code', async () => {
      const phone = '905321112233';
      await h.post(delivery({ messages: [textMsg(phone, 'wamid.S1', 'randevu')] }));
      await h.idle();
      const { rows } = await h.app.db.query<{ wamid: string }>(
        `SELECT wamid FROM outbound_messages WHERE customer_phone = $1`,
        [phone],
      );
      const wamid = rows[0]!.wamid;
      const state = async () =>
        (
          await h.app.db.query<{ state: string; error_code: number | null }>(
            'SELECT state, error_code FROM outbound_messages WHERE wamid = $1',
            [wamid],
          )
        ).rows[0]!;
      await h.post(delivery({ statuses: [statusOf(wamid, 'read', phone)] }));
      await h.post(delivery({ statuses: [statusOf(wamid, 'delivered', phone), statusOf(wamid, 'sent', phone)] }));
      await h.idle();
      assert.equal((await state()).state, 'read');
      await h.post(
        delivery({ statuses: [statusOf(wamid, 'failed', phone, [{ code: 131026, title: 'Message undeliverable' }])] }),
      );
      await h.idle();
      assert.deepEqual(await state(), { state: 'failed', error_code: 131026 });
    });

    test('my appointments → list → Cancel → cancelled; a 131047 on that text is re-sent as the template', async () => {
      const phone = '33612345678';
      const { bookingId } = await bookFor(h.app, phone, { language: 'fr', slot: 3 });
      await h.post(delivery({ messages: [textMsg(phone, 'wamid.L1', 'mes rendez-vous')] }));
      await h.idle();
      const list = h.sentTo(phone).at(-1)!;
      assert.equal(list.interactive.type, 'list');
      assert.equal(list.interactive.action.sections[0].rows[0].id, `booking:${bookingId}`);
      await h.post(delivery({ messages: [replyMsg(phone, 'wamid.L2', 'list_reply', `booking:${bookingId}`)] }));
      await h.idle();
      const buttons = h.sentTo(phone).at(-1)!;
      assert.deepEqual(
        buttons.interactive.action.buttons.map((b: any) => b.reply.title),
        ['Déplacer', 'Annuler', 'Garder'],
      );
      await h.post(delivery({ messages: [replyMsg(phone, 'wamid.L3', 'button_reply', `cancel:${bookingId}`)] }));
      await h.idle();
      assert.equal((await getBooking(h.app.db, bookingId))!.status, 'cancelled');
      const said = h.sentTo(phone).at(-1)!;
      assert.match(said.text.body, /annulé/);
      const { rows } = await h.app.db.query<{ wamid: string }>(
        `SELECT wamid FROM outbound_messages WHERE dedup_key = 'reply:wamid.L3'`,
      );
      await h.post(
        delivery({
          statuses: [statusOf(rows[0]!.wamid, 'failed', phone, [{ code: 131047, title: 'Re-engagement message' }])],
        }),
      );
      await h.idle();
      const resent = h.sentTo(phone).at(-1)!;
      assert.equal(resent.type, 'template');
      assert.equal(resent.template.name, 'appointment_cancelled');
    });

    test('anything else gets the menu, then within the hour a one-line pointer to it, in the language written', async () => {
      const phone = '919812345678';
      await h.post(
        delivery({ messages: [textMsg(phone, 'wamid.H1', 'hello'), textMsg(phone, 'wamid.H2', 'are you there?')] }),
      );
      await h.idle();
      // One delivery, two jobs: on PostgreSQL they may run side by side; one takes the menu's slot.
      const sent = h.sentTo(phone);
      assert.equal(sent.length, 2);
      const menu = sent.find((m) => m.type === 'interactive')!;
      assert.equal(menu.interactive.type, 'list');
      assert.equal(menu.interactive.body.text, 'How can we help? Choose an option.'); // English, not +91's Hindi
      const pointer = sent.find((m) => m.type === 'text')!;
      assert.match(pointer.text.body, /menu above/);
    });

    test('flows and template events and unknown fields are stored, never an error', async () => {
      const res1 = await h.post(
        delivery(
          { event: 'FLOW_STATUS_CHANGE', flow_id: '123', old_status: 'DRAFT', new_status: 'PUBLISHED' } as never,
          'flows',
        ),
      );
      const res2 = await h.post(
        delivery(
          { event: 'APPROVED', message_template_name: 'appointment_confirmation' } as never,
          'message_template_status_update',
        ),
      );
      const res3 = await h.post(delivery({ whatever: true } as never, 'brand_new_field'));
      assert.deepEqual([res1.statusCode, res2.statusCode, res3.statusCode], [200, 200, 200]);
      await h.idle();
      // Three deliveries, three jobs: on PostgreSQL they run side by side, so the rows come in any order.
      const { rows } = await h.app.db.query<{ field: string }>('SELECT field FROM webhook_events ORDER BY field');
      assert.deepEqual(
        rows.map((r) => r.field),
        ['brand_new_field', 'flows', 'message_template_status_update'],
      );
      const failed = await h.app.db.query(`SELECT 1 FROM jobs WHERE state = 'failed'`);
      assert.equal(failed.rows.length, 0);
    });

    test('a template Meta refuses (132001) is recorded, not retried, and the same words go as text inside 24 h', async () => {
      const phone = '12025550123';
      // Held: the completion confirms it, so the confirmation is queued after the stand-in is set up.
      const { token } = await bookFor(h.app, phone, { slot: 4, held: true });
      // Only the template is refused (the read receipt is sent in parallel, in no fixed order).
      const answer = h.graph.fallback;
      h.graph.fallback = (req) =>
        (req.json() as { type?: string })?.type === 'template'
          ? { status: 400, json: metaError(132001, 'Template name does not exist in the translation') }
          : answer(req);
      await h.post(delivery({ messages: [nfmMsg(phone, 'wamid.T1', { flow_token: token })] }));
      await h.idle();
      h.graph.fallback = answer;
      const sent = h.sentTo(phone);
      assert.deepEqual(
        sent.map((m) => m.type),
        ['template', 'text'],
      );
      assert.match(sent[1]!.text.body, /confirmed/);
      const { rows } = await h.app.db.query<{ state: string; error_code: number }>(
        `SELECT state, error_code FROM outbound_messages WHERE kind = 'confirmation' AND customer_phone = $1`,
        [phone],
      );
      assert.deepEqual(rows[0], { state: 'failed', error_code: 132001 });
    });

    test('a template language Meta reports PAUSED is not sent; the text goes instead and the refusal is on record', async () => {
      const phone = '12025550124';
      // Held: the completion confirms it, so the confirmation is queued after the stand-in is set up.
      const { token } = await bookFor(h.app, phone, { slot: 5, held: true });
      const language = (
        await h.app.db.query<{ language: string }>(
          'SELECT language FROM bookings WHERE flow_token IS NOT NULL AND customer_phone = $1',
          [phone],
        )
      ).rows[0]!.language;
      const update = {
        event: 'PAUSED',
        message_template_id: 1,
        message_template_name: 'appointment_confirmation',
        message_template_language: language,
        reason: 'LOW_QUALITY',
      };
      await h.post(delivery(update as never, 'message_template_status_update'));
      await h.idle();
      await h.post(delivery({ messages: [nfmMsg(phone, 'wamid.T2', { flow_token: token })] }));
      await h.idle();
      assert.deepEqual(
        h.sentTo(phone).map((m) => m.type),
        ['text'],
        'the paused template never reached the Graph API',
      );
      const { rows } = await h.app.db.query<{ state: string; error_code: number }>(
        `SELECT state, error_code FROM outbound_messages WHERE kind = 'confirmation' AND customer_phone = $1`,
        [phone],
      );
      assert.deepEqual(rows[0], { state: 'failed', error_code: 132015 });

      // APPROVED again: the next confirmation is a template.
      await h.post(delivery({ ...update, event: 'APPROVED' } as never, 'message_template_status_update'));
      await h.idle();
      const { rows: status } = await h.app.db.query(
        'SELECT status FROM template_status WHERE name = $1 AND language = $2',
        ['appointment_confirmation', language],
      );
      assert.deepEqual(status, [{ status: 'APPROVED' }]);
    });
  });
