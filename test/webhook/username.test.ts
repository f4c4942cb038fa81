import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getBooking } from '../../src/booking/bookings.ts';
import { createLogger } from '../../src/log.ts';
import { fireReminder } from '../../src/reminders/fire.ts';
import { loadTemplates } from '../../src/templates/index.ts';
import { ENGINES } from '../storage/helpers.ts';
import {
  bookFor,
  bookThroughFlow,
  delivery,
  flowClient,
  PHONE_NUMBER_ID,
  replyMsg,
  startHarness,
  textMsg,
  type FlowCall,
  type Harness,
} from './harness.ts';

/**
 * Customers without a phone number (docs/protocol.md §11.1): a customer who set a username writes with
 * `from_user_id` and no `from`; flowbook answers with `recipient`, books them through the encrypted Flow,
 * lists, cancels and reminds them, links their phone number when a webhook carries both, and moves them
 * when their number changes (§11.4). Every request goes through POST /webhook and POST /flow.
 */
const KEYS = path.join(import.meta.dirname, '../fixtures/keys');
const publicKey = createPublicKey(readFileSync(path.join(KEYS, 'public.pem')));
/** The third free date: over 24 h away whatever the time of day, so both reminders are queued. */
const REMINDERS_AHEAD = 2;

const BSUID = 'US.13491208655302741918';
const contact = (userId: string, extra: Record<string, unknown> = {}) => ({
  profile: { name: 'Ana', username: '@ana.books' },
  user_id: userId,
  ...extra,
});
/** A message from a customer whose phone number Meta withholds: `from_user_id`, no `from`. */
const fromUser = (userId: string, message: Record<string, unknown>) => {
  const { from: _withheld, ...rest } = message;
  return { ...rest, from_user_id: userId };
};

for (const engine of ENGINES)
  describe(`customers without a phone number, over POST /webhook and /flow [${engine}]`, () => {
    let h: Harness;
    const templates = loadTemplates();
    before(async () => {
      h = await startHarness({ engine, env: { PRIVATE_KEY_FILE: path.join(KEYS, 'pkcs8.pem') } });
    });
    after(() => h.close());

    const say = async (userId: string, id: string, text: string) => {
      await h.post(delivery({ contacts: [contact(userId)], messages: [fromUser(userId, textMsg('', id, text))] }));
      await h.idle();
    };

    const flow = (...args: Parameters<FlowCall>) => flowClient(h, publicKey)(...args);

    /** Walks the Flow opened by `flowMessage` to SUCCESS and returns the completion's params. */
    async function bookThroughFlowMessage(flowMessage: Record<string, any>) {
      const token = flowMessage.interactive.action.parameters.flow_token as string;
      return { token, params: await bookThroughFlow(flow, token, 'clothing', 'oxford-street', REMINDERS_AHEAD) };
    }

    test('a username-only customer books, gets the confirmation and a reminder, lists and cancels, all by BSUID', async () => {
      await say(BSUID, 'wamid.U1', 'book');
      const [flowMessage] = h.sentTo(BSUID);
      assert.equal(flowMessage!.recipient, BSUID);
      assert.equal(flowMessage!.to, undefined, 'no phone number is known: the send names the BSUID only');
      assert.equal(flowMessage!.interactive.type, 'flow');
      const session = h.app.tokens.open(flowMessage!.interactive.action.parameters.flow_token, Date.now());
      assert.equal(session.customer, BSUID, 'the flow token carries the customer id');

      const { token, params } = await bookThroughFlowMessage(flowMessage!);
      const nfm = {
        id: 'wamid.U2',
        timestamp: '1760000000',
        type: 'interactive',
        interactive: {
          type: 'nfm_reply',
          nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify({ flow_token: token, ...params }) },
        },
      };
      await h.post(delivery({ contacts: [contact(BSUID)], messages: [fromUser(BSUID, nfm)] }));
      await h.idle();
      const booking = await getBooking(h.app.db, params.booking_id!);
      assert.equal(booking!.status, 'confirmed');
      assert.equal(booking!.customerPhone, BSUID);
      const confirmation = h.sentTo(BSUID).find((m) => m.type === 'template');
      assert.equal(confirmation!.template.name, 'appointment_confirmation');
      assert.equal(confirmation!.recipient, BSUID);

      // The reminder, fired now instead of a day ahead, goes to the BSUID too.
      const { rows: jobs } = await h.app.db.query<{ payload: { bookingId: string; offset: string; dueAt: string } }>(
        `SELECT payload FROM jobs WHERE name = 'reminder.send' AND payload->>'bookingId' = $1 ORDER BY id`,
        [booking!.id],
      );
      assert.equal(jobs.length, 2);
      await fireReminder(
        { db: h.app.db, catalog: h.app.catalog, templates, clock: Date.now, log: createLogger('silent') },
        jobs[0]!.payload,
      );
      await h.idle();
      const reminder = h.sentTo(BSUID).find((m) => m.type === 'template' && m.template.name === 'appointment_reminder');
      assert.equal(reminder!.recipient, BSUID);

      await say(BSUID, 'wamid.U3', 'my bookings');
      const list = h.sentTo(BSUID).at(-1)!;
      assert.equal(list.interactive.type, 'list');
      assert.equal(list.interactive.action.sections[0].rows[0].id, `booking:${booking!.id}`);
      const pick = fromUser(BSUID, replyMsg('', 'wamid.U4', 'list_reply', `booking:${booking!.id}`));
      await h.post(delivery({ contacts: [contact(BSUID)], messages: [pick] }));
      await h.idle();
      assert.equal(h.sentTo(BSUID).at(-1)!.interactive.type, 'button');
      const cancel = fromUser(BSUID, replyMsg('', 'wamid.U5', 'button_reply', `cancel:${booking!.id}`));
      await h.post(delivery({ contacts: [contact(BSUID)], messages: [cancel] }));
      await h.idle();
      assert.equal((await getBooking(h.app.db, booking!.id))!.status, 'cancelled');
      assert.ok(h.sentTo(BSUID).every((m) => m.to === undefined && m.recipient === BSUID));
      const { rows } = await h.app.db.query<{ id: string; phone: string | null; user_id: string; username: string }>(
        'SELECT id, phone, user_id, username FROM customers WHERE user_id = $1',
        [BSUID],
      );
      assert.deepEqual(rows, [{ id: BSUID, phone: null, user_id: BSUID, username: '@ana.books' }]);
    });

    test('a webhook carrying the phone number beside the BSUID links them: sends name the phone number from then on', async () => {
      const userId = 'GB.ENT.77';
      await say(userId, 'wamid.L1', 'book');
      assert.equal(h.sentTo(userId).at(-1)!.to, undefined);
      const phone = '447700900555';
      await h.post(
        delivery({
          contacts: [contact(userId, { wa_id: phone })],
          messages: [{ ...textMsg(phone, 'wamid.L2', 'hello'), from_user_id: userId }],
        }),
      );
      await h.idle();
      const help = h.sentTo(userId).at(-1)!;
      assert.equal(help.to, phone, 'with both known, the phone number is the address (Meta: the phone wins)');
      assert.equal(help.recipient, userId);
      const { rows } = await h.app.db.query<{ id: string; phone: string }>(
        'SELECT id, phone FROM customers WHERE user_id = $1',
        [userId],
      );
      assert.deepEqual(rows, [{ id: userId, phone }]);
    });

    test('a phone customer and a BSUID customer that turn out to be one person are merged, bookings and chosen language included', async () => {
      const phone = '34600111444';
      const userId = 'ES.555';
      const byPhone = await bookFor(h.app, phone, { slot: 3 });
      await say(userId, 'wamid.M1', 'language');
      const langList = h.sentTo(userId).at(-1)!;
      const french = langList.interactive.action.sections
        .flatMap((s: { rows: { id: string }[] }) => s.rows)
        .find((r: { id: string }) => r.id === 'lang:fr')!;
      await h.post(
        delivery({
          contacts: [contact(userId)],
          messages: [fromUser(userId, replyMsg('', 'wamid.M2', 'list_reply', french.id))],
        }),
      );
      await h.idle();
      await h.post(
        delivery({
          contacts: [contact(userId, { wa_id: phone })],
          messages: [{ ...textMsg(phone, 'wamid.M3', 'my bookings'), from_user_id: userId }],
        }),
      );
      await h.idle();
      const { rows } = await h.app.db.query<{
        id: string;
        phone: string;
        user_id: string;
        language: string;
        language_chosen: boolean;
      }>('SELECT id, phone, user_id, language, language_chosen FROM customers WHERE id IN ($1, $2)', [phone, userId]);
      assert.deepEqual(rows, [{ id: phone, phone, user_id: userId, language: 'fr', language_chosen: true }]);
      assert.equal((await getBooking(h.app.db, byPhone.bookingId))!.customerPhone, phone);
      // A flow token minted for the BSUID before the merge books under the merged customer.
      const late = await bookFor(h.app, userId, { slot: 4 });
      assert.equal((await getBooking(h.app.db, late.bookingId))!.customerPhone, phone);
      const list = h.sentTo(phone).at(-1)!;
      assert.equal(list.interactive.type, 'list', "the phone customer's booking is listed to the merged customer");
      assert.match(list.interactive.body.text, /./);
    });

    test('user_changed_number moves bookings, reminders and language to the new number, and is not answered', async () => {
      const old = '447700900601';
      const next = '447700900602';
      const made = await bookFor(h.app, old, { slot: 5, language: 'en_GB' });
      await h.post(delivery({ messages: [textMsg(old, 'wamid.N1', 'language')] }));
      await h.idle();
      await h.post(delivery({ messages: [replyMsg(old, 'wamid.N2', 'list_reply', 'lang:de')] }));
      await h.idle();
      const sentBefore = h.graph.requests.length;
      const change = {
        from: old,
        id: 'wamid.N3',
        timestamp: '1760000000',
        type: 'system',
        system: { body: 'User changed from one number to another', wa_id: next, type: 'user_changed_number' },
      };
      await h.post(delivery({ messages: [change] }));
      await h.post(delivery({ messages: [change] })); // a replay changes nothing
      await h.idle();
      assert.equal(h.graph.requests.length, sentBefore, 'a system message gets no reply');
      assert.equal((await getBooking(h.app.db, made.bookingId))!.customerPhone, next);
      const { rows } = await h.app.db.query<{ id: string; phone: string; language: string; language_chosen: boolean }>(
        'SELECT id, phone, language, language_chosen FROM customers WHERE id IN ($1, $2)',
        [old, next],
      );
      assert.deepEqual(rows, [{ id: next, phone: next, language: 'de', language_chosen: true }]);
      await h.post(delivery({ messages: [textMsg(next, 'wamid.N4', 'my bookings')] }));
      await h.idle();
      const list = h.sentTo(next).at(-1)!;
      assert.equal(list.interactive.type, 'list');
      assert.equal(list.interactive.action.sections[0].rows[0].id, `booking:${made.bookingId}`);
    });

    test('user_changed_number to a number that is already a customer merges the two', async () => {
      const old = '491701230101';
      const next = '491701230102';
      const made = await bookFor(h.app, old, { slot: 7 });
      await h.post(delivery({ messages: [textMsg(next, 'wamid.P1', 'hello')] }));
      await h.idle();
      const change = {
        from: old,
        id: 'wamid.P2',
        timestamp: '1760000000',
        type: 'system',
        system: { wa_id: next, type: 'user_changed_number' },
      };
      await h.post(delivery({ messages: [change] }));
      await h.idle();
      assert.equal((await getBooking(h.app.db, made.bookingId))!.customerPhone, next);
      const { rows } = await h.app.db.query<{ id: string }>('SELECT id FROM customers WHERE id IN ($1, $2)', [
        old,
        next,
      ]);
      assert.deepEqual(rows, [{ id: next }]);
    });

    test('user_changed_user_id replaces the BSUID: a phone customer keeps their id, a username-only one moves', async () => {
      const phone = '447700900611';
      await h.post(
        delivery({
          contacts: [contact('GB.611', { wa_id: phone })],
          messages: [{ ...textMsg(phone, 'wamid.B1', 'hi'), from_user_id: 'GB.611' }],
        }),
      );
      const change = (id: string, from: Record<string, string>, next: string) => ({
        ...from,
        id,
        timestamp: '1760000000',
        type: 'system',
        system: { type: 'user_changed_user_id', user_id: next },
      });
      await h.idle(); // deliveries are processed in any order: the customer must exist first
      await h.post(delivery({ messages: [change('wamid.B2', { from: phone, from_user_id: 'GB.611' }, 'GB.612')] }));
      const made = await bookFor(h.app, 'GB.700', { slot: 11 });
      await h.post(delivery({ messages: [change('wamid.B3', { from_user_id: 'GB.700' }, 'GB.701')] }));
      await h.idle();
      const { rows } = await h.app.db.query<{ id: string; phone: string | null; user_id: string }>(
        `SELECT id, phone, user_id FROM customers WHERE id IN ($1, 'GB.700', 'GB.701') ORDER BY id`,
        [phone],
      );
      assert.deepEqual(rows, [
        { id: phone, phone, user_id: 'GB.612' },
        { id: 'GB.701', phone: null, user_id: 'GB.701' },
      ]);
      assert.equal((await getBooking(h.app.db, made.bookingId))!.customerPhone, 'GB.701');
    });

    test('a message to a phone number id that is not configured is stored and never answered', async () => {
      const phone = '447700900777';
      const foreign = delivery({ messages: [textMsg(phone, 'wamid.F1', 'book')] });
      foreign.entry[0]!.changes[0]!.value.metadata.phone_number_id = '999000999';
      assert.equal((await h.post(foreign)).statusCode, 200);
      await h.idle();
      assert.deepEqual(h.sentTo(phone), []);
      const { rows } = await h.app.db.query<{ phone_number_id: string; handled_at: Date | null }>(
        'SELECT phone_number_id, handled_at FROM inbound_messages WHERE wamid = $1',
        ['wamid.F1'],
      );
      assert.deepEqual(rows, [{ phone_number_id: '999000999', handled_at: null }]);
      const { rows: customers } = await h.app.db.query('SELECT 1 FROM customers WHERE id = $1', [phone]);
      assert.equal(customers.length, 0);
      // The business's own number is answered as always.
      await h.post(delivery({ messages: [textMsg(phone, 'wamid.F2', 'book')] }));
      await h.idle();
      assert.equal(h.sentTo(phone).length, 1);
      assert.equal(PHONE_NUMBER_ID, h.graph.requests.at(-1)!.path.split('/').at(-2));
    });

    test('the admin API erases a customer named by BSUID, and refuses a malformed one with the rule', async () => {
      const auth = { authorization: 'Bearer admin-token' };
      const userId = 'BR.1502576394655843';
      const made = await bookFor(h.app, userId, { slot: 9 });
      const longest = `US.ENT.${'a1'.repeat(64)}`; // 128 letters and digits after ENT.
      const absent = await h.app.server.inject({ method: 'DELETE', url: `/api/customers/${longest}`, headers: auth });
      assert.deepEqual([absent.statusCode, JSON.parse(absent.body).erasedBookings], [200, 0]);
      const erased = await h.app.server.inject({ method: 'DELETE', url: `/api/customers/${userId}`, headers: auth });
      assert.equal(erased.statusCode, 200, erased.body);
      // The app's route erases everywhere (src/privacy/erase.ts): its report names the message tables too.
      const report = JSON.parse(erased.body);
      assert.equal(report.erasedBookings, 1);
      assert.equal(typeof report.inboundMessages, 'number');
      assert.equal((await getBooking(h.app.db, made.bookingId))!.customerPhone, null);
      for (const bad of ['us.123', 'USA.123', 'US.', 'US.ENT.', `US.${'1'.repeat(129)}`, 'US.12-3']) {
        const res = await h.app.server.inject({ method: 'DELETE', url: `/api/customers/${bad}`, headers: auth });
        assert.equal(res.statusCode, 400, bad);
        assert.match(res.body, /two-letter country code, a period, optional ENT\./);
        assert.ok(!res.body.includes(bad), 'the value is not echoed');
      }
    });
  });
