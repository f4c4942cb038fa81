// The waitlist through the product's own doors (issue #19): customers join from the Flow (POST /flow) and
// answer in the chat (POST /webhook); a cancellation (the admin API) frees a time; the sandbox clock lets an
// offer run out. A small catalog: one chair open 10:00–11:00 every day, two half hours a day.
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { listBookings } from '../../src/booking/bookings.ts';
import { addDays, startOfLocalDay } from '../../src/booking/slots.ts';
import { createLogger } from '../../src/log.ts';
import { loadTemplates } from '../../src/templates/index.ts';
import { localDate } from '../../src/time.ts';
import { listEntries } from '../../src/waitlist/entries.ts';
import { expireEntry } from '../../src/waitlist/offers.ts';
import { ENGINES } from '../storage/helpers.ts';
import {
  delivery,
  flowClient,
  nfmMsg,
  replyMsg,
  sentAgo,
  startHarness,
  textMsg,
  type FlowCall,
  type Harness,
} from '../webhook/harness.ts';
import { oneChairCatalog, ZONE } from './catalog.ts';

const KEYS = path.join(import.meta.dirname, '../fixtures/keys');
const publicKey = createPublicKey(readFileSync(path.join(KEYS, 'public.pem'), 'utf8'));

const CATALOG = oneChairCatalog({ close: '11:00', windowDays: 7, maxDays: 1 });

/** Two days ahead in London: both of its half hours are in the future whatever the time of day. */
const DAY = addDays(localDate(ZONE, Date.now()), 2);

for (const engine of ENGINES)
  describe(`the waitlist through /flow and /webhook [${engine}]`, () => {
    let h: Harness;
    let flow: FlowCall;
    let catalogFile = '';
    let n = 0;
    const wamid = () => `wamid.WL${engine}${++n}`;

    before(async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'flowbook-waitlist-'));
      catalogFile = path.join(dir, 'catalog.yaml');
      writeFileSync(catalogFile, CATALOG);
      h = await startHarness({
        engine,
        env: { PRIVATE_KEY_FILE: path.join(KEYS, 'pkcs8.pem'), BUSINESS_CONFIG: catalogFile },
      });
      flow = flowClient(h, publicKey);
    });
    after(() => h.close());
    beforeEach(async () => {
      await h.idle();
      await h.app.db.query('DELETE FROM waitlist_entries');
      const { rows } = await h.app.db.query<{ unit_id: string }>(
        `UPDATE bookings SET status = 'cancelled' WHERE status IN ('held', 'confirmed') RETURNING unit_id`,
      );
      // As the booking module announces its own writes: availability forgets what it cached of these units.
      for (const r of rows) h.app.db.changed(r.unit_id);
      h.graph.requests.length = 0;
    });

    const say = async (message: unknown) => {
      assert.equal((await h.post(delivery({ messages: [message] }))).statusCode, 200);
      await h.idle();
    };
    const token = (phone: string, language = 'en_GB') =>
      h.app.tokens.mint({ customer: phone, language }, Date.now()).token;

    /** Books DAY at `time` for `phone` through the Flow; returns the booking id. */
    async function book(phone: string, time: string): Promise<string> {
      const t = token(phone);
      await flow(t, 'INIT');
      const base = { department: 'consult', location: 'clinic', date: DAY };
      await flow(t, 'data_exchange', 'APPOINTMENT', { trigger: 'date_selected', ...base });
      const details = await flow(t, 'data_exchange', 'APPOINTMENT', { trigger: 'continue', ...base, time });
      assert.equal(details.screen, 'DETAILS', JSON.stringify(details.data.error_message));
      const person = { name: `Customer ${phone}`, email: 'c@example.com', phone: '+44 20 7946 0000', more_details: '' };
      await flow(t, 'data_exchange', 'DETAILS', person);
      const done = await flow(t, 'data_exchange', 'SUMMARY', { ...person, terms: true });
      assert.equal(done.screen, 'SUCCESS');
      await h.idle();
      return done.data.extension_message_response.params.booking_id;
    }

    /** Joins the waitlist for DAY from the Flow, and delivers the completion (`agoMs`: when the customer "wrote"). */
    async function join(phone: string, agoMs = 0): Promise<string> {
      const t = token(phone);
      await flow(t, 'INIT');
      const base = { department: 'consult', location: 'clinic', date: DAY };
      const day = await flow(t, 'data_exchange', 'APPOINTMENT', { trigger: 'date_selected', ...base });
      assert.equal(day.data.is_waitlist_visible, true, 'the link shows once a service and place are chosen');
      assert.equal(day.data.t_waitlist, 'Join the waitlist');
      const done = await flow(t, 'data_exchange', 'APPOINTMENT', { trigger: 'waitlist', ...base });
      assert.equal(done.screen, 'SUCCESS');
      const params = done.data.extension_message_response.params;
      assert.ok(params.waitlist_entry);
      await say({ ...nfmMsg(phone, wamid(), params), timestamp: sentAgo(agoMs) });
      return params.waitlist_entry;
    }

    const cancel = async (id: string) => {
      const res = await h.app.server.inject({
        method: 'POST',
        url: `/api/bookings/${id}/cancel`,
        headers: { authorization: 'Bearer admin-token' },
        payload: { reason: 'customer called' },
      });
      assert.equal(res.statusCode, 200, res.body);
      await h.idle();
    };
    const offersTo = (phone: string) =>
      h
        .sentTo(phone)
        .filter(
          (m) =>
            (m.type === 'interactive' &&
              m.interactive.type === 'button' &&
              /^wl_take:/.test(m.interactive.action.buttons[0].reply.id)) ||
            (m.type === 'template' && m.template.name === 'waitlist_offer'),
        );
    const holdOf = (offer: Record<string, any>): string =>
      offer.type === 'template'
        ? offer.template.components.find((c: any) => c.type === 'button').parameters[0].payload.split(':')[1]
        : offer.interactive.action.buttons[0].reply.id.split(':')[1];

    test('join, a cancellation frees the time, the first is offered it and lets it pass, the second takes it', async () => {
      const [x, y, a, b] = ['447700930001', '447700930002', '447700930003', '447700930004'];
      const first = await book(x, '10:00');
      await book(y, '10:30');
      await say(textMsg(a, wamid(), 'hello'));
      await join(a);
      // B last wrote more than a day ago: the offer must go as the approved template.
      await join(b, 25 * 3_600_000);
      const joined = h.sentTo(a).find((m) => m.type === 'text' && /waitlist/.test(m.text.body));
      assert.match(joined!.text.body, /^You're on the waitlist for Consultation at The Clinic, /);
      assert.equal(offersTo(a).length + offersTo(b).length, 0, 'nothing is free yet: nobody is offered anything');

      await cancel(first);
      const [offerA] = offersTo(a);
      assert.ok(offerA, 'the first in the queue is offered the freed time');
      assert.equal(offerA.type, 'interactive', 'inside the 24-hour window: reply buttons');
      assert.match(offerA.interactive.body.text, /Consultation\nThe Clinic\n.*\n\nWe are holding it for you until /);
      assert.deepEqual(
        offerA.interactive.action.buttons.map((button: any) => button.reply.title),
        ['Book it', 'Not for me'],
      );
      assert.equal(offersTo(b).length, 0, 'the second waits while the first is offered the time');
      const holdA = holdOf(offerA);
      const [held] = await listBookings(h.app.db, { statuses: ['held'] });
      assert.equal(held!.id, holdA);
      assert.equal(held!.customerPhone, a);

      await say(replyMsg(a, wamid(), 'button_reply', `wl_pass:${holdA}`));
      assert.match(h.sentTo(a).at(-1)!.text.body, /we offer it to the next person/);
      const [offerB] = offersTo(b);
      assert.ok(offerB, 'let pass: the next customer is offered it');
      assert.equal(offerB.type, 'template', 'outside the 24-hour window: the approved template');
      const holdB = holdOf(offerB);
      assert.notEqual(holdB, holdA);

      // The template's quick reply comes back as a `button` message with its payload.
      await say({
        from: b,
        id: wamid(),
        timestamp: sentAgo(),
        type: 'button',
        button: { payload: `wl_take:${holdB}`, text: 'Book it' },
      });
      const confirmed = await listBookings(h.app.db, { statuses: ['confirmed'] });
      const taken = confirmed.find((bk) => bk.customerPhone === b);
      assert.ok(taken, 'the second customer has the booking');
      assert.equal(taken.id, holdB, 'the offer itself became the booking');
      assert.equal(taken.start.toISOString(), new Date(startOfLocalDay(ZONE, DAY) + 10 * 3_600_000).toISOString());
      assert.ok(
        h.sentTo(b).some((m) => m.type === 'template' && m.template.name === 'appointment_confirmation'),
        'the usual confirmation follows',
      );
      const entries = await listEntries(h.app.db, { statuses: ['waiting', 'offered', 'booked'] });
      assert.deepEqual(
        entries.map((e) => [e.customerId, e.status]),
        [
          [a, 'waiting'],
          [b, 'booked'],
        ],
      );
      // A late tap on the offer A let pass finds it gone; nothing is booked twice.
      await say(replyMsg(a, wamid(), 'button_reply', `wl_take:${holdA}`));
      assert.match(h.sentTo(a).at(-1)!.text.body, /no longer held for you/);
      assert.equal((await listBookings(h.app.db, { statuses: ['confirmed', 'held'] })).length, 2);
    });

    test('two times freeing at once go to two different customers', async () => {
      const [x, y, a, b] = ['447700930011', '447700930012', '447700930013', '447700930014'];
      const one = await book(x, '10:00');
      const two = await book(y, '10:30');
      for (const phone of [a, b]) await say(textMsg(phone, wamid(), 'hello'));
      await join(a);
      await join(b);
      await Promise.all([cancel(one), cancel(two)]);
      const [offerA] = offersTo(a);
      const [offerB] = offersTo(b);
      assert.ok(offerA && offerB, 'both are offered a time');
      assert.equal(offersTo(a).length + offersTo(b).length, 2, 'one offer each');
      const holds = await listBookings(h.app.db, { statuses: ['held'] });
      assert.deepEqual(holds.map((hold) => hold.customerPhone).sort(), [a, b].sort());
      assert.notEqual(holds[0]!.start.getTime(), holds[1]!.start.getTime(), 'two different times');
    });

    test('an offer runs out (the sandbox clock): the time goes to the next customer', async () => {
      const [x, a, b] = ['447700930021', '447700930022', '447700930023'];
      await book('447700930020', '10:30');
      const one = await book(x, '10:00');
      for (const phone of [a, b]) await say(textMsg(phone, wamid(), 'hello'));
      await join(a);
      await join(b);
      await cancel(one);
      const holdA = holdOf(offersTo(a)[0]!);
      assert.equal(offersTo(b).length, 0);
      const res = await h.app.server.inject({ method: 'POST', url: '/sandbox/api/clock', payload: { hours: 1 } });
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(JSON.parse(res.body).ran['waitlist.offer_expired'] >= 1, 'the clock control ran the offer’s expiry');
      await h.idle();
      const [offerB] = offersTo(b);
      assert.ok(offerB, 'the next customer is offered the time once the first offer ran out');
      const holds = await listBookings(h.app.db, { statuses: ['held'] });
      assert.deepEqual(
        holds.map((hold) => hold.customerPhone),
        [b],
      );
      assert.notEqual(holdOf(offerB), holdA);
      const [entryA] = (await listEntries(h.app.db)).filter((e) => e.customerId === a);
      assert.equal(entryA!.status, 'waiting', 'the first stays on the list for other times');
    });

    test('a time freed by a reschedule, and a time opened by new hours, go to the customers waiting', async () => {
      const [x, y, a, b] = ['447700930051', '447700930052', '447700930053', '447700930054'];
      const moving = await book(x, '10:00');
      await book(y, '10:30');
      for (const phone of [a, b]) await say(textMsg(phone, wamid(), 'hello'));
      await join(a);
      await join(b);
      // X moves to the day after (a rescheduling Flow): 10:00 on DAY is free, and A is first.
      const t = h.app.tokens.mint({ customer: x, language: 'en_GB', rescheduleOf: moving }, Date.now()).token;
      await flow(t, 'INIT');
      const next = { department: 'consult', location: 'clinic', date: addDays(DAY, 1) };
      await flow(t, 'data_exchange', 'APPOINTMENT', { trigger: 'date_selected', ...next });
      assert.equal(
        (await flow(t, 'data_exchange', 'APPOINTMENT', { trigger: 'continue', ...next, time: '10:00' })).screen,
        'DETAILS',
      );
      const person = { name: 'Xavier', email: 'x@example.com', phone: '+44 20 7946 0000', more_details: '' };
      assert.equal((await flow(t, 'data_exchange', 'SUMMARY', { ...person, terms: true })).screen, 'SUCCESS');
      await h.idle();
      assert.equal(offersTo(a).length, 1, 'the time the reschedule freed is offered to the first waiting');
      assert.equal(offersTo(b).length, 0);
      // The business opens half an hour more every day (the catalog reloaded without a restart): B gets 11:00.
      const file = catalogFile;
      writeFileSync(file, CATALOG.replaceAll('["10:00", "11:00"]', '["10:00", "11:30"]'));
      try {
        await h.app.reloadCatalog();
        await h.idle();
        const [offerB] = offersTo(b);
        assert.ok(offerB, 'the new time goes to the next customer waiting');
        assert.match(offerB.interactive.body.text, /at 11:00\n/);
      } finally {
        writeFileSync(file, CATALOG);
        await h.app.reloadCatalog();
      }
    });

    test('My waitlist lists what a customer waits for, and they leave it from the chat', async () => {
      const [x, y, a] = ['447700930031', '447700930032', '447700930033'];
      await book(x, '10:00');
      await book(y, '10:30');
      await say(textMsg(a, wamid(), 'hello'));
      const entry = await join(a);
      const api = (url: string) =>
        h.app.server.inject({ method: 'GET', url, headers: { authorization: 'Bearer admin-token' } });
      const listed = await api('/api/waitlist');
      assert.equal(listed.statusCode, 200);
      assert.deepEqual(
        listed.json().entries.map((e: any) => [e.id, e.customerId, e.serviceId, e.fromDate, e.toDate, e.status]),
        [[entry, a, 'consult', DAY, DAY, 'waiting']],
      );
      const refused = await api('/api/waitlist?status=sleeping');
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /status/);
      await say(textMsg(a, wamid(), 'my waitlist'));
      const list = h.sentTo(a).at(-1)!;
      assert.equal(list.interactive.type, 'list');
      const [row] = list.interactive.action.sections[0].rows;
      assert.equal(row.id, `wl_entry:${entry}`);
      assert.equal(row.title, 'Consultation');
      assert.match(row.description, /^The Clinic · /);
      await say(replyMsg(a, wamid(), 'list_reply', row.id));
      const ask = h.sentTo(a).at(-1)!;
      assert.equal(ask.interactive.body.text, 'Leave the waitlist for Consultation at The Clinic?');
      await say(replyMsg(a, wamid(), 'button_reply', `wl_leave:${entry}`));
      assert.equal(h.sentTo(a).at(-1)!.text.body, 'Done: you are no longer waiting for Consultation at The Clinic.');
      assert.deepEqual(await listEntries(h.app.db), []);
      await say(textMsg(a, wamid(), 'waitlist'));
      const [none, bookingFlow] = h.sentTo(a).slice(-2);
      assert.match(none!.text.body, /^You are not on the waitlist\. .*tap "Join the waitlist"/);
      assert.equal(bookingFlow!.interactive.type, 'flow', 'the booking Flow follows, with the link in it');
    });

    test('an entry expires after its last date', async () => {
      await book('447700930041', '10:00');
      await book('447700930042', '10:30');
      await say(textMsg('447700930043', wamid(), 'hello'));
      const entry = await join('447700930043');
      const deps = { db: h.app.db, catalog: h.app.catalog, templates: loadTemplates(), log: createLogger('silent') };
      const endOfDay = startOfLocalDay(ZONE, addDays(DAY, 1));
      assert.equal(
        await expireEntry({ ...deps, clock: () => endOfDay - 1 }, entry),
        false,
        'not before its day is over',
      );
      assert.equal(await expireEntry({ ...deps, clock: () => endOfDay }, entry), true);
      const [ended] = await listEntries(h.app.db, { statuses: ['expired'] });
      assert.equal(ended!.id, entry);
    });
  });
