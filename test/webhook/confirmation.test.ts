import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getBooking } from '../../src/booking/bookings.ts';
import { confirmBooking } from '../../src/booking/confirm.ts';
import { placeHold } from '../../src/booking/holds.ts';
import { decryptFlowResponse, encryptFlowRequest, envelopeBody } from '../../src/flows/crypto.ts';
import { signBody } from '../../src/http/signature.ts';
import { ENGINES } from '../storage/helpers.ts';
import { bookFor, delivery, nfmMsg, replyMsg, SECRET, sentAgo, startHarness, type Harness } from './harness.ts';

const KEYS = path.join(import.meta.dirname, '../fixtures/keys');
const publicPem = readFileSync(path.join(KEYS, 'public.pem'), 'utf8');
const DETAILS = { name: 'Ana Lima', email: 'ana@example.com', phone: '+447700900500', more_details: '' };

const buttonMsg = (from: string, id: string, payload: string) => ({
  from,
  id,
  timestamp: sentAgo(),
  type: 'button',
  button: { payload, text: payload.split(':')[0] },
});

/**
 * The confirmation after the booking (issue #18): queued by the Flow endpoint's SUCCESS itself, one per
 * booking whatever the retries and completions, before any reminder, naming the address and carrying
 * Reschedule, Cancel and directions buttons that work when pressed. Through POST /flow and POST /webhook.
 */
for (const engine of ENGINES)
  describe(`the confirmation comes first [${engine}]`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ engine, env: { PRIVATE_KEY_FILE: path.join(KEYS, 'pkcs8.pem') } });
    });
    after(() => h.close());

    /** The WhatsApp client's side of POST /flow: encrypt, sign, send, decrypt. */
    async function flow(token: string, screen: string, data: Record<string, unknown>) {
      const { envelope, aesKey, iv } = encryptFlowRequest(
        { version: '3.0', action: 'data_exchange', flow_token: token, screen, data },
        publicPem,
      );
      const body = envelopeBody(envelope);
      const res = await h.app.server.inject({
        method: 'POST',
        url: '/flow',
        payload: body,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, SECRET) },
      });
      assert.equal(res.statusCode, 200, res.body);
      return decryptFlowResponse(res.body, aesKey, iv) as { screen: string; data: Record<string, any> };
    }

    /** A hold `minutesAhead` from now (the Flow's Continue), then SUMMARY's Confirm through /flow. */
    async function bookThroughFlow(phone: string, minutesAhead: number) {
      const { token, session } = h.app.tokens.mint({ customer: phone, language: 'en_GB' }, Date.now());
      const start = new Date(Math.floor((Date.now() + minutesAhead * 60_000) / 60_000) * 60_000);
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
      const answer = await flow(token, 'SUMMARY', { ...DETAILS, terms: true });
      assert.equal(answer.screen, 'SUCCESS');
      return { token, bookingId: held.id };
    }

    const outboundFor = async (bookingId: string) =>
      (
        await h.app.db.query<{ dedup_key: string; kind: string }>(
          'SELECT dedup_key, kind FROM outbound_messages WHERE booking_id = $1 ORDER BY id',
          [bookingId],
        )
      ).rows.map((r) => `${r.kind}:${r.dedup_key.split(':')[0]}`);
    const templateNames = (phone: string) =>
      h
        .sentTo(phone)
        .filter((m) => m.type === 'template')
        .map((m) => m.template.name as string);

    test('SUCCESS queues the confirmation in its own transaction; retries and completions queue nothing more', async () => {
      const phone = '447700900501';
      const { token, bookingId } = await bookThroughFlow(phone, 3 * 24 * 60);
      // Right after the answer, before WhatsApp delivered any completion.
      assert.deepEqual(await outboundFor(bookingId), ['confirmation:confirm']);
      // The client retries Confirm: the same SUCCESS, no second confirmation.
      assert.equal((await flow(token, 'SUMMARY', { ...DETAILS, terms: true })).screen, 'SUCCESS');
      await h.idle();
      const completion = nfmMsg(phone, 'wamid.CF1', { flow_token: token, name: 'Ana' });
      await h.post(delivery({ messages: [completion] }));
      await h.idle();
      // Delivered again later (at least once, docs/protocol.md §6), and a second completion of the same session.
      await h.post(delivery({ messages: [completion] }));
      await h.post(delivery({ messages: [nfmMsg(phone, 'wamid.CF2', { flow_token: token })] }));
      await h.idle();
      assert.deepEqual(templateNames(phone), ['appointment_confirmation']);
      assert.deepEqual(await outboundFor(bookingId), ['confirmation:confirm']);
      assert.deepEqual(
        h.reads().map((r) => r.message_id),
        ['wamid.CF1', 'wamid.CF2'],
        'the completions are only marked read',
      );
    });

    test('the confirmation names the address and offers Reschedule, Cancel and directions to the place', async () => {
      const phone = '447700900502';
      const { bookingId } = await bookThroughFlow(phone, 3 * 24 * 60 + 30);
      await h.idle();
      const [sent] = h.sentTo(phone);
      assert.equal(sent!.template.name, 'appointment_confirmation');
      assert.equal(sent!.template.language.code, 'en_GB');
      const [body, ...buttons] = sent!.template.components as Array<Record<string, any>>;
      const address = body!.parameters.find((p: any) => p.parameter_name === 'address');
      assert.equal(address.text, '400 Oxford Street, London W1A 1AB', 'the demo catalog address');
      assert.deepEqual(
        buttons.map((b) => [b.sub_type, b.index, b.parameters[0].payload ?? b.parameters[0].text]),
        [
          ['quick_reply', '0', `reschedule:${bookingId}`],
          ['quick_reply', '1', `ask_cancel:${bookingId}`],
          ['url', '2', '400%20Oxford%20Street%2C%20London%20W1A%201AB'],
        ],
      );
    });

    /** A salon hold (a staff member's unit, the catalog's price) from now, then SUMMARY's Confirm through /flow. */
    async function bookSalonThroughFlow(
      phone: string,
      minutesAhead: number,
      price: { amount: number; currency: string },
    ) {
      const { token, session } = h.app.tokens.mint({ customer: phone, language: 'de' }, Date.now());
      const start = new Date(Math.floor((Date.now() + minutesAhead * 60_000) / 60_000) * 60_000);
      const held = await placeHold(h.app.db, {
        flowToken: session.id,
        customerPhone: phone,
        language: 'de',
        locationId: 'oxford-street',
        departmentId: 'beauty',
        serviceId: 'colour',
        candidates: [{ unitId: 'staff:chloe', staffId: 'chloe' }],
        price,
        start,
        end: new Date(start.getTime() + 90 * 60_000),
        holdMinutes: 10,
        bufferMinutes: 15,
        bufferBeforeMinutes: 5,
        now: new Date(),
      });
      const answer = await flow(token, 'SUMMARY', { ...DETAILS, terms: true });
      assert.equal(answer.screen, 'SUCCESS');
      return held.id;
    }

    test('a priced booking with a stylist: the service and person, and the price as a currency parameter', async () => {
      const phone = '447700900521';
      const bookingId = await bookSalonThroughFlow(phone, 5 * 24 * 60, { amount: 79.5, currency: 'GBP' });
      await h.idle();
      const [sent] = h.sentTo(phone);
      assert.equal(sent!.template.name, 'appointment_confirmation_priced');
      const body = (sent!.template.components as Array<Record<string, any>>)[0]!;
      const named = (n: string) => body.parameters.find((p: any) => p.parameter_name === n);
      assert.equal(named('service').text, 'Haarfarbe bei Chloé');
      assert.deepEqual(named('price'), {
        type: 'currency',
        currency: { fallback_value: '79,50\u00a0£', code: 'GBP', amount_1000: 79_500 },
        parameter_name: 'price',
      });
      assert.equal((await getBooking(h.app.db, bookingId))!.priceAmount1000, 79_500);
      // An eighth of a pound is 125 thousandths on the wire, not a rounded 130.
      const eighth = '447700900522';
      await bookSalonThroughFlow(eighth, 6 * 24 * 60, { amount: 0.125, currency: 'GBP' });
      await h.idle();
      const price = (h.sentTo(eighth)[0]!.template.components[0].parameters as any[]).find(
        (p) => p.type === 'currency',
      );
      assert.deepEqual(price.currency, { fallback_value: '0,13\u00a0£', code: 'GBP', amount_1000: 125 });
    });

    test('its Cancel asks first, then cancels; its Reschedule opens the Flow for that booking', async () => {
      const phone = '447700900503';
      const { bookingId } = await bookThroughFlow(phone, 4 * 24 * 60);
      await h.idle();
      await h.post(delivery({ messages: [buttonMsg(phone, 'wamid.CB1', `ask_cancel:${bookingId}`)] }));
      await h.idle();
      const prompt = h.sentTo(phone).at(-1)!;
      assert.equal(prompt.interactive?.type, 'button');
      assert.match(prompt.interactive.body.text, /^Cancel your appointment on /);
      assert.deepEqual(
        prompt.interactive.action.buttons.map((b: any) => b.reply.id),
        [`cancel:${bookingId}`, `keep:${bookingId}`],
      );
      assert.equal((await getBooking(h.app.db, bookingId))!.status, 'confirmed', 'asking cancels nothing');
      await h.post(delivery({ messages: [replyMsg(phone, 'wamid.CB2', 'button_reply', `cancel:${bookingId}`)] }));
      await h.idle();
      assert.equal((await getBooking(h.app.db, bookingId))!.status, 'cancelled');
      assert.match(h.sentTo(phone).at(-1)!.text.body, /is cancelled/);

      const other = await bookThroughFlow(phone, 5 * 24 * 60);
      await h.idle();
      await h.post(delivery({ messages: [buttonMsg(phone, 'wamid.CB3', `reschedule:${other.bookingId}`)] }));
      await h.idle();
      const offer = h.sentTo(phone).at(-1)!;
      assert.equal(offer.interactive?.type, 'flow');
      const session = h.app.tokens.open(offer.interactive.action.parameters.flow_token, Date.now());
      assert.equal(session.rescheduleOf, other.bookingId);
    });

    test("one customer's messages leave in order: a short-notice booking's reminder waits for its confirmation", async () => {
      const phone = '447700900504';
      // Meta fails the confirmation three times (5xx, retried with backoff) while the reminder is due at once.
      let refusals = 3;
      const answer = h.graph.fallback;
      h.graph.fallback = (req) => {
        const sent = req.json() as { to?: string; template?: { name?: string } } | undefined;
        if (sent?.to === phone && sent.template?.name === 'appointment_confirmation' && refusals-- > 0)
          return { status: 500, json: { error: { message: 'try again', code: 1 } } };
        return answer(req);
      };
      try {
        await bookThroughFlow(phone, 90); // the 2h reminder was due 30 min ago
        await h.idle();
      } finally {
        h.graph.fallback = answer;
      }
      const names = templateNames(phone);
      assert.equal(names.filter((n) => n === 'appointment_confirmation').length, 4, 'three refusals, then sent');
      assert.deepEqual(names.at(-1), 'appointment_reminder', `the reminder last: ${names.join(', ')}`);
    });

    test('a booking confirmed without the hook (an older flowbook, mid-upgrade) is confirmed by its completion, once', async () => {
      const phone = '447700900509';
      const { token, sessionId, bookingId } = await bookFor(h.app, phone, { language: 'en_GB', held: true });
      // No hook: the confirming transaction queued nothing, as the code before the hook did.
      await confirmBooking(h.app.db, {
        flowToken: sessionId,
        details: { name: 'Ana', email: 'a@example.com', phone: '+1' },
        now: new Date(),
      });
      assert.deepEqual(await outboundFor(bookingId), []);
      const completion = nfmMsg(phone, 'wamid.CFU1', { flow_token: token });
      await h.post(delivery({ messages: [completion] }));
      await h.post(delivery({ messages: [nfmMsg(phone, 'wamid.CFU2', { flow_token: token })] }));
      await h.idle();
      assert.deepEqual(await outboundFor(bookingId), ['confirmation:confirm']);
      assert.deepEqual(templateNames(phone), ['appointment_confirmation']);
    });
  });
