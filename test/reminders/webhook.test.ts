import assert from 'node:assert/strict';
import { ENGINES } from '../storage/helpers.ts';
import { after, before, describe, test } from 'node:test';
import { getBooking } from '../../src/booking/bookings.ts';
import { placeHold } from '../../src/booking/holds.ts';
import { createLogger } from '../../src/log.ts';
import { fireReminder } from '../../src/reminders/fire.ts';
import { reminderOutcomes } from '../../src/reminders/outcomes.ts';
import { loadTemplates } from '../../src/templates/index.ts';
import { bookFor, delivery, nfmMsg, sentAgo, startHarness, type Harness } from '../webhook/harness.ts';

const buttonMsg = (from: string, id: string, payload: string, contextId?: string) => ({
  from,
  id,
  timestamp: sentAgo(),
  type: 'button',
  ...(contextId ? { context: { from: '15550001111', id: contextId } } : {}),
  button: { payload, text: payload.split(':')[0] },
});

for (const engine of ENGINES)
  describe(`reminders and quick replies over POST /webhook (stand-in Graph API) [${engine}]`, () => {
    let h: Harness;
    const templates = loadTemplates();
    before(async () => {
      h = await startHarness({ engine });
    });
    after(() => h.close());

    /** A booking completed through the webhook (nfm_reply): confirmed there, so its reminders are queued. */
    async function completed(phone: string, slot: number, language = 'en_GB') {
      const made = await bookFor(h.app, phone, { language, held: true, slot });
      await h.post(
        delivery({
          messages: [nfmMsg(phone, `wamid.done.${made.bookingId}`, { flow_token: made.token, name: 'Ana' })],
        }),
      );
      await h.idle();
      return made;
    }

    async function sendReminder(bookingId: string, offset: string): Promise<string> {
      const { rows } = await h.app.db.query<{ payload: { bookingId: string; offset: string; dueAt: string } }>(
        `SELECT payload FROM jobs WHERE name = 'reminder.send' AND dedup_key = $1`,
        [`reminder:${bookingId}:${offset}`],
      );
      // The job's handler, run now instead of at its due time (days ahead).
      await fireReminder(
        { db: h.app.db, catalog: h.app.catalog, templates, clock: Date.now, log: createLogger('silent') },
        rows[0]!.payload,
      );
      await h.idle();
      const sent = await h.app.db.query<{ wamid: string }>('SELECT wamid FROM outbound_messages WHERE dedup_key = $1', [
        `reminder:${bookingId}:${offset}`,
      ]);
      return sent.rows[0]!.wamid;
    }

    const templatesTo = (phone: string, name: string) =>
      h.sentTo(phone).filter((m) => m.type === 'template' && m.template.name === name);
    const textsTo = (phone: string) =>
      h
        .sentTo(phone)
        .filter((m) => m.type === 'text')
        .map((m) => m.text.body as string);

    test('the reminder goes out through the outbox; Confirm records the attendance and thanks the customer once', async () => {
      const phone = '447700900201';
      const { bookingId } = await completed(phone, 0);
      const { rows: jobs } = await h.app.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM jobs WHERE name = 'reminder.send' AND state = 'queued' AND payload->>'bookingId' = $1`,
        [bookingId],
      );
      assert.equal(jobs[0]!.n, 2, 'both offsets queued by the webhook confirmation');
      const reminderWamid = await sendReminder(bookingId, '24h');
      const [reminder] = templatesTo(phone, 'appointment_reminder');
      assert.equal(reminder!.template.language.code, 'en_GB');
      const { rows: state } = await h.app.db.query<{ state: string }>(
        'SELECT state FROM outbound_messages WHERE wamid = $1',
        [reminderWamid],
      );
      assert.equal(state[0]!.state, 'accepted');
      const tap = delivery({ messages: [buttonMsg(phone, 'wamid.Q1', `confirm:${bookingId}`, reminderWamid)] });
      await Promise.all([h.post(tap), h.post(tap)]);
      await h.idle();
      assert.deepEqual(textsTo(phone).filter((t) => t.startsWith('Thank you for confirming')).length, 1);
      const { rows } = await h.app.db.query<{ attendance_confirmed_at: Date | null }>(
        'SELECT attendance_confirmed_at FROM bookings WHERE id = $1',
        [bookingId],
      );
      assert.ok(rows[0]!.attendance_confirmed_at instanceof Date);
      assert.equal((await getBooking(h.app.db, bookingId))!.status, 'confirmed');
    });

    test('Cancel (Meta default payload, linked by context.id) cancels, sends appointment_cancelled once, removes the other reminder', async () => {
      const phone = '34600111333';
      const { bookingId } = await completed(phone, 1, 'es');
      const reminderWamid = await sendReminder(bookingId, '24h');
      const tap = delivery({ messages: [buttonMsg(phone, 'wamid.Q2', 'cancel', reminderWamid)] });
      await h.post(tap);
      await h.post(tap);
      await h.idle();
      const booking = await getBooking(h.app.db, bookingId);
      assert.equal(booking!.status, 'cancelled');
      const cancelled = templatesTo(phone, 'appointment_cancelled');
      assert.equal(cancelled.length, 1);
      assert.equal(cancelled[0]!.template.language.code, 'es');
      assert.deepEqual(
        (await reminderOutcomes(h.app.db, bookingId)).map((o) => [o.offset, o.outcome, o.reason]),
        [
          ['24h', 'sent', null],
          ['2h', 'removed', 'cancelled'],
        ],
      );
      // Confirm on the cancelled booking: it can no longer be changed here.
      await h.post(delivery({ messages: [buttonMsg(phone, 'wamid.Q3', `confirm:${bookingId}`)] }));
      await h.idle();
      assert.deepEqual(textsTo(phone), ['Esta cita ya no se puede cambiar desde aquí.']);
    });

    test("someone else's booking id in a payload is not acted on; a payload that is not ours gets the menu", async () => {
      const owner = '491701230001';
      const { bookingId } = await completed(owner, 2, 'de');
      const stranger = '491701230002';
      await h.post(
        delivery({
          messages: [
            buttonMsg(stranger, 'wamid.Q4', `cancel:${bookingId}`),
            buttonMsg('491701230003', 'wamid.Q5', 'STOP'),
          ],
        }),
      );
      await h.idle();
      assert.equal((await getBooking(h.app.db, bookingId))!.status, 'confirmed');
      assert.equal(textsTo(stranger).length, 1);
      const [menu] = h.sentTo('491701230003');
      assert.equal(menu!.interactive.type, 'list');
      assert.match(menu!.interactive.body.text, /Wie können wir helfen/); // the German menu (+49)
    });

    test('Reschedule: a Flow carrying rescheduleOf; completing it moves the same booking and sends appointment_rescheduled', async () => {
      const phone = '447700900202';
      const { bookingId } = await completed(phone, 3);
      await h.post(delivery({ messages: [buttonMsg(phone, 'wamid.Q6', `reschedule:${bookingId}`)] }));
      await h.idle();
      const flow = h.sentTo(phone).find((m) => m.type === 'interactive' && m.interactive.type === 'flow')!;
      const params = flow.interactive.action.parameters;
      assert.equal(params.flow_cta, 'Choose a new time');
      const session = h.app.tokens.open(params.flow_token, Date.now());
      assert.equal(session.rescheduleOf, bookingId);
      // The customer picks a new time in the Flow (the endpoint's hold), then completes it.
      const start = new Date((await getBooking(h.app.db, bookingId))!.start.getTime() + 86_400_000);
      await placeHold(h.app.db, {
        flowToken: session.id,
        customerPhone: phone,
        language: session.language,
        locationId: 'kings-cross',
        departmentId: 'shopping',
        start,
        end: new Date(start.getTime() + 30 * 60_000),
        holdMinutes: 10,
        bufferMinutes: 0,
        now: new Date(),
      });
      await h.post(delivery({ messages: [nfmMsg(phone, 'wamid.Q7', { flow_token: params.flow_token, name: 'Ana' })] }));
      await h.idle();
      // The booking itself moved: same id, confirmed at the new time.
      const same = await getBooking(h.app.db, bookingId);
      assert.equal(same!.status, 'confirmed');
      assert.deepEqual(same!.start, start);
      const moved = templatesTo(phone, 'appointment_rescheduled');
      assert.equal(moved.length, 1);
      const values = moved[0]!.template.components[0].parameters as Array<{ parameter_name?: string }>;
      assert.ok(values.some((v) => v.parameter_name === 'previous_date_time'));
      assert.deepEqual(
        (await reminderOutcomes(h.app.db, bookingId)).map((o) => o.reason),
        ['rescheduled', 'rescheduled'],
      );
      const { rows: jobs } = await h.app.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM jobs WHERE name = 'reminder.send' AND state = 'queued' AND payload->>'bookingId' = $1`,
        [bookingId],
      );
      assert.equal(jobs[0]!.n, 2);
    });

    test('the worker runs reminder.send itself: a booking confirmed 90 min ahead gets its 2h reminder now, the 24h one superseded', async () => {
      const phone = '447700900203';
      const { token, session } = h.app.tokens.mint({ customer: phone, language: 'en_GB' }, Date.now());
      const start = new Date(Math.floor((Date.now() + 90 * 60_000) / 60_000) * 60_000); // the 2h reminder was due ~30 min ago
      const held = await placeHold(h.app.db, {
        flowToken: session.id,
        customerPhone: phone,
        language: 'en_GB',
        locationId: 'oxford-street',
        departmentId: 'beauty',
        start,
        end: new Date(start.getTime() + 30 * 60_000),
        holdMinutes: 10,
        bufferMinutes: 0,
        now: new Date(),
      });
      await h.post(delivery({ messages: [nfmMsg(phone, 'wamid.SOON', { flow_token: token, name: 'Ana' })] }));
      await h.idle();
      assert.deepEqual(
        h.sentTo(phone).map((m) => m.template?.name),
        ['appointment_confirmation', 'appointment_reminder'],
      );
      assert.deepEqual(
        (await reminderOutcomes(h.app.db, held.id)).map((o) => [o.offset, o.outcome, o.reason]),
        [
          ['24h', 'skipped', 'superseded'],
          ['2h', 'sent', 'late'],
        ],
      );
    });

    test('the admin API cancel removes the queued reminders too', async () => {
      const phone = '447700900204';
      const { bookingId } = await completed(phone, 4);
      const res = await h.app.server.inject({
        method: 'POST',
        url: `/api/bookings/${bookingId}/cancel`,
        headers: { authorization: 'Bearer admin-token' },
        payload: {},
      });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(
        (await reminderOutcomes(h.app.db, bookingId)).map((o) => [o.outcome, o.reason]),
        [
          ['removed', 'cancelled'],
          ['removed', 'cancelled'],
        ],
      );
    });

    test('a quick reply after the appointment started changes nothing', async () => {
      const phone = '447700900205';
      const { bookingId } = await completed(phone, 5);
      await h.app.db.query(
        `UPDATE bookings SET start_at = now() - interval '1 minute', block_start = now() - interval '1 minute', end_at = now() + interval '29 minutes', block_end = now() + interval '29 minutes' WHERE id = $1`,
        [bookingId],
      );
      await h.post(delivery({ messages: [buttonMsg(phone, 'wamid.Q8', `cancel:${bookingId}`)] }));
      await h.idle();
      assert.equal((await getBooking(h.app.db, bookingId))!.status, 'confirmed');
      assert.deepEqual(textsTo(phone), ['This appointment can no longer be changed here.']);
    });
  });
