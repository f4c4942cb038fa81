// Erasing a customer removes or redacts them in every table (issue #21): checked by searching every column.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/db/types.ts';
import { openHandoff } from '../../src/handoff/handoffs.ts';
import { eraseCustomerEverywhere } from '../../src/privacy/erase.ts';
import { ENGINES } from '../storage/helpers.ts';
import { waitFor } from '../wait.ts';
import { bookFor, delivery, startHarness, statusOf, textMsg, type Harness } from './harness.ts';

const PHONE = '447700970001';
const BSUID = 'GB.70001700017000170001';
const NAME = 'Zelda Quartz';
const OTHER = '447700970002';

/** Every table and column that can hold text (text, varchar, json, jsonb, bytea) where `needle` occurs. */
async function whereFound(db: Database, needle: string): Promise<string[]> {
  const { rows: columns } = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'bytea')`,
  );
  assert.ok(columns.length > 30, 'the search sees the schema');
  const found: string[] = [];
  for (const c of columns) {
    const column = `"${c.column_name}"`;
    const test =
      c.data_type === 'bytea'
        ? `position(convert_to($1, 'UTF8') in ${column}) > 0`
        : `${column}::text LIKE '%' || $1 || '%'`;
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${c.table_name}" WHERE ${test}`, [
      needle,
    ]);
    if (rows[0]!.n > 0) found.push(`${c.table_name}.${c.column_name} (${rows[0]!.n})`);
  }
  return found;
}

for (const engine of ENGINES)
  describe(`erasing a customer [${engine}]`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ engine });
    });
    after(() => h.close());

    test('after a webhook, a booking, messages both ways, statuses, an event, a dead letter and a handoff, nothing names them', async () => {
      const contacts = [
        { profile: { name: NAME }, wa_id: PHONE, user_id: BSUID },
        { profile: { name: 'Other Person' }, wa_id: OTHER },
      ];
      await h.post(
        delivery({
          contacts,
          messages: [
            { ...textMsg(PHONE, 'wamid.ER1', 'appointment'), from_user_id: BSUID },
            textMsg(OTHER, 'wamid.ER2', 'hello'),
            textMsg(PHONE, 'wamid.ER3', 'bro\u0000ken'),
          ],
        }),
      );
      await h.idle();
      await bookFor(h.app, PHONE);
      await h.idle();
      const sent = await waitFor('messages sent to the customer', async () => {
        const { rows } = await h.app.db.query<{ wamid: string }>(
          'SELECT wamid FROM outbound_messages WHERE customer_phone = $1 AND wamid IS NOT NULL',
          [PHONE],
        );
        return rows.length >= 2 ? rows : undefined;
      });
      await h.post(
        delivery({
          statuses: sent.map((r) => ({ ...statusOf(r.wamid, 'delivered', PHONE), recipient_user_id: BSUID })),
        }),
      );
      await h.post(delivery({ user_id: BSUID, wa_id: PHONE } as never, 'user_preferences'));
      await h.idle();
      await h.app.db.transaction((tx) => openHandoff(tx, PHONE, 'customer', new Date(), 3_600_000));

      // Before: the customer is all over the database (the search would find them).
      assert.ok((await whereFound(h.app.db, PHONE)).length >= 6, 'the search finds the customer before');

      const report = await eraseCustomerEverywhere(h.app.db, `+${PHONE}`, new Date());
      assert.equal(report.erasedBookings, 1);
      assert.ok(
        report.webhookDeliveries >= 3 && report.inboundMessages === 1 && report.handoffs === 1,
        JSON.stringify(report),
      );
      assert.equal(report.deadLetters, 1);

      for (const needle of [PHONE, BSUID, NAME, 'Zelda', 'Quartz', 'bro\\u0000ken']) {
        assert.deepEqual(await whereFound(h.app.db, needle), [], `"${needle}" remains`);
      }
      // The other customer of the same delivery keeps everything; the booking keeps its time and state.
      const { rows: other } = await h.app.db.query<{ message: { text: { body: string } } }>(
        "SELECT message FROM inbound_messages WHERE wamid = 'wamid.ER2'",
      );
      assert.equal(other[0]!.message.text.body, 'hello');
      assert.ok((await whereFound(h.app.db, 'Other Person')).includes('webhook_deliveries.body (1)'));
      const { rows: bookings } = await h.app.db.query<{ status: string; erased_at: Date | null }>(
        'SELECT status, erased_at FROM bookings',
      );
      assert.deepEqual(
        bookings.map((b) => [b.status, b.erased_at !== null]),
        [['confirmed', true]],
      );
      // A redelivery of their old message is still a replay: no new customer, nothing sent.
      const before = h.sentTo(PHONE).length;
      await h.post(delivery({ contacts, messages: [textMsg(PHONE, 'wamid.ER1', 'appointment')] }));
      await h.idle();
      assert.equal(h.sentTo(PHONE).length, before);
      assert.equal((await h.app.db.query('SELECT 1 FROM customers WHERE id = $1', [PHONE])).rows.length, 0);
    });
  });
