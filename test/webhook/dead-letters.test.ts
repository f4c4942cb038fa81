// One unstorable item of a delivery goes to dead_letters; the rest of the delivery is handled (issue #21).
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { metaJson } from '../../src/http/signature.ts';
import { jobCounts } from '../../src/jobs/queue.ts';
import { createLogger } from '../../src/log.ts';
import { listDeadLetters } from '../../src/webhook/dead-letters.ts';
import { ENGINES } from '../storage/helpers.ts';
import { waitFor } from '../wait.ts';
import { PHONE_NUMBER_ID, sentAgo, startHarness, statusOf, textMsg, type Harness } from './harness.ts';

const DEEP = 10_000;

for (const engine of ENGINES)
  describe(`dead letters [${engine}]`, () => {
    let h: Harness;
    let captured = '';
    before(async () => {
      const sink = new Writable({
        write(chunk, _encoding, done) {
          captured += chunk.toString();
          done();
        },
      });
      h = await startHarness({ engine, log: createLogger('info', sink) });
    });
    after(() => h.close());

    test('NUL bytes, a 2^40 error code, a year-9999 timestamp and 10k-deep nesting are dead letters; the rest is handled', async () => {
      const body = {
        object: 'whatsapp_business_account',
        entry: [
          {
            id: 'WABA1',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550001111', phone_number_id: PHONE_NUMBER_ID },
                  messages: [
                    textMsg('447700950001', 'wamid.DL.good1', 'hello'),
                    textMsg('447700950002', 'wamid.DL.nul', 'hel\u0000lo'),
                    { ...textMsg('447700950003', 'wamid.DL.future', 'hello'), timestamp: '253402300799' },
                    { ...textMsg('447700950004', 'wamid.DL.deep', 'hello'), deep: 'DEEP_PLACEHOLDER' },
                    textMsg('447700950005', 'wamid.DL.good2', 'hello'),
                  ],
                  statuses: [
                    statusOf('wamid.DL.out1', 'delivered', '447700950001'),
                    statusOf('wamid.DL.out2', 'failed', '447700950001', [{ code: 2 ** 40, title: 'Huge' }]),
                  ],
                },
              },
              {
                field: 'message_template_status_update',
                value: { event: 'APPROVED', message_template_name: 'dl_one', message_template_language: 'en' },
              },
              { field: 'flows', value: { event: 'FLOW_STATUS_CHANGE', flow_id: 'x\u0000y' } },
            ],
          },
        ],
      };
      // JSON.stringify cannot write 10,000 levels; Meta's bytes can carry them.
      const raw = metaJson(body).replace('"DEEP_PLACEHOLDER"', `${'['.repeat(DEEP)}1${']'.repeat(DEEP)}`);
      assert.equal((await h.post(undefined, { raw })).statusCode, 200);
      await h.idle();

      const { rows: delivered } = await h.app.db.query<{ id: string; processed_at: Date | null }>(
        'SELECT id, processed_at FROM webhook_deliveries ORDER BY id DESC LIMIT 1',
      );
      const deliveryId = Number(delivered[0]!.id);
      assert.ok(delivered[0]!.processed_at, 'the delivery is processed, not retried');
      assert.equal((await jobCounts(h.app.db)).failed ?? 0, 0);

      const letters = await listDeadLetters(h.app.db, { deliveryId });
      const byPath = new Map(letters.map((l) => [l.path, l]));
      const at = 'entry[0].changes[0].value';
      assert.deepEqual([...byPath.keys()].sort(), [
        `${at}.messages[1]`,
        `${at}.messages[2]`,
        `${at}.messages[3]`,
        `${at}.statuses[1]`,
        'entry[0].changes[2].value',
      ]);
      assert.match(byPath.get(`${at}.messages[1]`)!.reason, /NUL/);
      assert.match(byPath.get(`${at}.messages[1]`)!.item, /hel\\u0000lo/);
      assert.match(byPath.get(`${at}.messages[2]`)!.reason, /timestamp 253402300799 is more than a day ahead/);
      assert.match(byPath.get(`${at}.messages[3]`)!.reason, /nested deeper than 64 levels/);
      assert.match(byPath.get(`${at}.messages[3]`)!.item, /wamid\.DL\.deep/);
      assert.match(byPath.get(`${at}.statuses[1]`)!.reason, /1099511627776 does not fit in 32 bits/);
      assert.match(byPath.get('entry[0].changes[2].value')!.reason, /NUL/);

      const { rows: inbound } = await h.app.db.query<{ wamid: string }>(
        "SELECT wamid FROM inbound_messages WHERE wamid LIKE 'wamid.DL.%' ORDER BY wamid",
      );
      assert.deepEqual(
        inbound.map((r) => r.wamid),
        ['wamid.DL.good1', 'wamid.DL.good2'],
      );
      // The good messages are answered like any other.
      await waitFor(
        'both good senders answered',
        () => h.sentTo('447700950001').length > 0 && h.sentTo('447700950005').length > 0,
      );
      assert.equal(h.sentTo('447700950002').length, 0);
      const statuses = await h.app.db.query("SELECT 1 FROM message_statuses WHERE wamid = 'wamid.DL.out1'");
      assert.equal(statuses.rows.length, 1);
      const events = await h.app.db.query<{ field: string }>(
        'SELECT field FROM webhook_events WHERE delivery_id = $1',
        [deliveryId],
      );
      assert.deepEqual(
        events.rows.map((r) => r.field),
        ['message_template_status_update'],
      );
      // The log names where and why, never the item's content or its sender.
      assert.match(captured, /kept as a dead letter/);
      assert.doesNotMatch(captured, /44770095000|hel.{0,6}lo/);
    });

    test('a delivery without bad items has no dead letters', async () => {
      const raw = metaJson({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: 'WABA1',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { phone_number_id: PHONE_NUMBER_ID },
                  messages: [{ ...textMsg('447700950006', 'wamid.DL.ok', 'hello'), timestamp: sentAgo() }],
                },
              },
            ],
          },
        ],
      });
      await h.post(undefined, { raw });
      await h.idle();
      const { rows } = await h.app.db.query<{ id: string }>('SELECT max(id) AS id FROM webhook_deliveries');
      assert.equal((await listDeadLetters(h.app.db, { deliveryId: Number(rows[0]!.id) })).length, 0);
    });
  });
