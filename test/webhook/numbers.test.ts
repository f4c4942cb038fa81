import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getBooking } from '../../src/booking/bookings.ts';
import { loadCatalog, parseCatalog } from '../../src/catalog/load.ts';
import { catalogForNumber } from '../../src/catalog/numbers.ts';
import { createLogger } from '../../src/log.ts';
import { menuStrings } from '../../src/messaging/menu-strings.ts';
import { fireReminder } from '../../src/reminders/fire.ts';
import { loadTemplates } from '../../src/templates/index.ts';
import { ENGINES } from '../storage/helpers.ts';
import {
  bookThroughFlow,
  delivery,
  flowClient,
  nfmMsg,
  startHarness,
  textMsg,
  type FlowCall,
  type Harness,
} from './harness.ts';

/**
 * Several WhatsApp numbers of one business (issue #21, src/catalog/numbers.ts): a webhook names the
 * number the customer wrote to (`metadata.phone_number_id`), and everything that follows is that
 * number's: the reply goes from it, with its Flow; the Flow offers its locations; the booking keeps
 * it, so the confirmation and the reminders come from it too; a customer without a calling code
 * that says their language gets the number's. All through POST /webhook and POST /flow.
 */
const KEYS = path.join(import.meta.dirname, '../fixtures/keys');
const publicKey = createPublicKey(readFileSync(path.join(KEYS, 'public.pem')));
const CROSS = { phoneNumberId: '2000111', name: 'King’s Cross', flowId: '3000111', locations: ['kings-cross'] };
const OXFORD = {
  phoneNumberId: '2000222',
  name: 'Oxford Street',
  flowId: '3000222',
  defaultLanguage: 'es',
  locations: ['oxford-street'],
};

/** A delivery to one of the business's numbers. */
function to(number: string, value: Parameters<typeof delivery>[0]) {
  const body = delivery(value);
  body.entry[0]!.changes[0]!.value.metadata.phone_number_id = number;
  return body;
}

test('the catalog names each number once, by digits, with locations it has; a number restricts only what it says', () => {
  const demo = loadCatalog();
  const bad = {
    ...demo,
    numbers: [
      { phoneNumberId: '2000111', locations: ['kings-cross', 'mars'] },
      { phoneNumberId: '2000111' },
      { phoneNumberId: '+44 20', flowId: 'flow' },
    ],
  };
  assert.throws(
    () => parseCatalog(bad),
    (error: Error & { problems?: string[] }) => {
      const text = String(error.message) + JSON.stringify(error.problems ?? []);
      for (const wanted of [
        'numbers.0.locations.1: unknown location "mars"',
        'numbers.1.phoneNumberId: duplicate id "2000111"',
        "numbers.2.phoneNumberId: Meta's phone number id: 5 to 20 digits",
        "numbers.2.flowId: Meta's Flow id: 5 to 20 digits",
      ]) {
        assert.ok(text.includes(wanted), `${wanted} in ${text}`);
      }
      return true;
    },
  );
  const catalog = parseCatalog({ ...demo, numbers: [CROSS, { phoneNumberId: '2000999', flowId: '3000999' }] });
  const view = catalogForNumber(catalog, CROSS.phoneNumberId);
  assert.deepEqual(
    view.locations.map((l) => l.id),
    ['kings-cross'],
  );
  assert.equal(catalogForNumber(catalog, CROSS.phoneNumberId), view, 'one view per catalog and number');
  assert.equal(catalogForNumber(catalog, '2000999'), catalog, 'a number with only its own Flow sees the whole catalog');
  assert.equal(catalogForNumber(catalog, undefined), catalog);
});

for (const engine of ENGINES)
  describe(`several numbers of one business, over POST /webhook and /flow [${engine}]`, () => {
    let h: Harness;
    const templates = loadTemplates();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flowbook-numbers-'));
    before(async () => {
      // The demo catalog with two numbers, each booking one of its locations.
      const catalog = path.join(dir, 'business.yaml');
      const demo = readFileSync(path.join(import.meta.dirname, '../../catalog/demo.yaml'), 'utf8');
      writeFileSync(
        catalog,
        `${demo}\nnumbers:\n${[CROSS, OXFORD].map((n) => `  - ${JSON.stringify(n)}`).join('\n')}\n`,
      );
      h = await startHarness({
        engine,
        env: { PRIVATE_KEY_FILE: path.join(KEYS, 'pkcs8.pem'), BUSINESS_CONFIG: catalog },
      });
    });
    after(async () => {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /** What was sent to a customer, with the number it went from (the path's `{phone_number_id}`). */
    const sends = (customer: string) =>
      h.graph.requests
        .filter((r) => r.path.endsWith('/messages'))
        .map((r) => ({ from: r.path.split('/').at(-2)!, body: r.json() as Record<string, any> }))
        .filter((s) => (s.body.to === customer || s.body.recipient === customer) && s.body.status !== 'read');

    const flow = (...args: Parameters<FlowCall>) => flowClient(h, publicKey)(...args);

    /** Books clothing at `location` through the Flow of `token`; returns the booking id. */
    const book = async (token: string, location: string) =>
      (await bookThroughFlow(flow, token, 'clothing', location)).booking_id!;

    test('each number answers with its own Flow, offers its own locations, and its bookings are confirmed and reminded from it', async () => {
      const phone = '447700900321';
      const bookings: Record<string, string> = {};
      for (const [n, number] of [CROSS, OXFORD].entries()) {
        await h.post(to(number.phoneNumberId, { messages: [textMsg(phone, `wamid.N${n}`, 'appointment')] }));
        await h.idle();
        const invitation = sends(phone).at(-1)!;
        assert.equal(invitation.from, number.phoneNumberId, 'the Flow goes from the number the customer wrote to');
        assert.equal(
          invitation.body.interactive.action.parameters.flow_id,
          number.flowId,
          "and it is that number's Flow",
        );
        const token = invitation.body.interactive.action.parameters.flow_token as string;
        assert.equal(h.app.tokens.open(token, Date.now()).number, number.phoneNumberId);

        await flow(token, 'INIT');
        const services = await flow(token, 'data_exchange', 'APPOINTMENT', {
          trigger: 'department_selected',
          department: 'clothing',
        });
        const offered = (services.data.location as Array<{ id: string }>).map((l) => l.id);
        assert.deepEqual(offered, number.locations, "the Flow offers that number's locations only");
        // A location of the other number, named anyway (a forged or stale request), is refused.
        const other = number === CROSS ? OXFORD.locations[0]! : CROSS.locations[0]!;
        const refused = await flow(token, 'data_exchange', 'APPOINTMENT', {
          trigger: 'location_selected',
          department: 'clothing',
          location: other,
        });
        assert.ok(refused.data.error_message, 'a location the number does not book is an unknown option');

        const bookingId = await book(token, number.locations[0]!);
        bookings[number.phoneNumberId] = bookingId;
        await h.post(to(number.phoneNumberId, { messages: [nfmMsg(phone, `wamid.C${n}`, { flow_token: token })] }));
        await h.idle();
        const booking = await getBooking(h.app.db, bookingId);
        assert.equal(booking!.status, 'confirmed');
        assert.equal(booking!.phoneNumberId, number.phoneNumberId, 'the booking keeps its number');
        const confirmation = sends(phone).find(
          (s) =>
            s.body.type === 'template' &&
            s.body.template.name === 'appointment_confirmation' &&
            s.from === number.phoneNumberId,
        );
        assert.ok(confirmation, `the confirmation of the ${number.name} booking goes from its number`);
      }

      // Each booking's reminder (fired now; a near booking's may have gone already) goes from the number it was booked through.
      for (const [number, bookingId] of Object.entries(bookings)) {
        const { rows } = await h.app.db.query<{ payload: { bookingId: string; offset: string; dueAt: string } }>(
          `SELECT payload FROM jobs WHERE name = 'reminder.send' AND payload->>'bookingId' = $1 ORDER BY id LIMIT 1`,
          [bookingId],
        );
        await fireReminder(
          { db: h.app.db, catalog: h.app.catalog, templates, clock: Date.now, log: createLogger('silent') },
          rows[0]!.payload,
        );
        await h.idle();
        const { rows: sent } = await h.app.db.query<{ phone_number_id: string | null; wamid: string | null }>(
          `SELECT phone_number_id, wamid FROM outbound_messages WHERE booking_id = $1 AND dedup_key LIKE 'reminder:%'`,
          [bookingId],
        );
        assert.ok(sent.length > 0 && sent.every((r) => r.phone_number_id === number && r.wamid), JSON.stringify(sent));
        const reminders = sends(phone).filter((s) => s.body.template?.name === 'appointment_reminder');
        assert.ok(
          reminders.some((s) => s.from === number),
          `a reminder went from ${number}`,
        );
      }
      assert.equal(sends(phone).filter((s) => s.body.template?.name === 'appointment_reminder').length, 2);
    });

    test("a customer whose calling code says no language (a username) is answered in the number's default language", async () => {
      const userId = 'ES.4417';
      const contact = { profile: { name: 'Lucía', username: '@lucia' }, user_id: userId };
      const hello = (id: string) => {
        const { from: _none, ...message } = textMsg('', id, '👋');
        return { ...message, from_user_id: userId };
      };
      await h.post(to(OXFORD.phoneNumberId, { contacts: [contact], messages: [hello('wamid.L1')] }));
      await h.idle();
      const menu = sends(userId).at(-1)!;
      assert.equal(menu.from, OXFORD.phoneNumberId);
      assert.equal(menu.body.interactive.type, 'list');
      assert.equal(menu.body.interactive.body.text, menuStrings('es').menuBody);

      // The same kind of customer writing to the number without a default of its own: the business's (en_US).
      const other = 'GB.5528';
      await h.post(
        to(CROSS.phoneNumberId, {
          contacts: [{ ...contact, user_id: other }],
          messages: [{ ...hello('wamid.L2'), from_user_id: other }],
        }),
      );
      await h.idle();
      const english = sends(other).at(-1)!;
      assert.equal(english.from, CROSS.phoneNumberId);
      assert.equal(english.body.interactive.body.text, menuStrings('en_US').menuBody);
      assert.notEqual(menuStrings('en_US').menuBody, menuStrings('es').menuBody);
    });
  });
