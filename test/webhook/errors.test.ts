import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../src/log.ts';
import { ENGINES } from '../storage/helpers.ts';
import { delivery, PHONE_NUMBER_ID, startHarness, statusOf, textMsg, type Harness } from './harness.ts';

for (const engine of ENGINES)
  describe(`errors Meta reports in webhooks [${engine}]`, () => {
    let h: Harness;
    let captured = '';
    const lines = () =>
      captured
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, any>);
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

    test('a value-level errors[] is logged with its code and title, never its details', async () => {
      const details = 'Message to 447700900123 failed: too many messages sent from this phone number';
      const value = {
        errors: [
          {
            code: 130429,
            title: 'Rate limit hit',
            message: 'Rate limit hit',
            error_data: { details },
            href: '/documentation/business-messaging/whatsapp/support/error-codes',
          },
        ],
      };
      assert.equal((await h.post(delivery(value as never))).statusCode, 200);
      await h.idle();
      const logged = lines().filter((l) => l.msg === 'Meta reported an error in a webhook');
      assert.equal(logged.length, 1);
      assert.equal(logged[0]!.code, 130429);
      assert.equal(logged[0]!.title, 'Rate limit hit');
      assert.equal(logged[0]!.phoneNumberId, PHONE_NUMBER_ID);
      assert.doesNotMatch(captured, /447700900123|too many messages/);
    });

    test('a second failed status with another code is kept and logged; replays of either are not', async () => {
      const phone = '447700940001';
      await h.post(delivery({ messages: [textMsg(phone, 'wamid.E1', 'hello')] }));
      await h.idle();
      const { rows } = await h.app.db.query<{ id: string; wamid: string }>(
        'SELECT id, wamid FROM outbound_messages WHERE customer_phone = $1',
        [phone],
      );
      const { id, wamid } = rows[0]!;
      const failed = (code: number, title: string) =>
        statusOf(wamid, 'failed', phone, [{ code, title, message: title, error_data: { details: `to ${phone}` } }]);
      await h.post(delivery({ statuses: [failed(131026, 'Message undeliverable')] }));
      await h.idle();
      await h.post(delivery({ statuses: [failed(131049, 'Not delivered to maintain healthy ecosystem engagement')] }));
      await h.idle();
      await h.post(delivery({ statuses: [failed(131049, 'Not delivered to maintain healthy ecosystem engagement')] }));
      await h.post(delivery({ statuses: [failed(131026, 'Message undeliverable')] }));
      await h.idle();
      const kept = await h.app.db.query<{ error_code: number }>(
        `SELECT error_code FROM message_statuses WHERE wamid = $1 AND status = 'failed' ORDER BY received_at`,
        [wamid],
      );
      assert.deepEqual(
        kept.rows.map((r) => r.error_code),
        [131026, 131049],
      );
      const outbound = await h.app.db.query<{ state: string; error_code: number }>(
        'SELECT state, error_code FROM outbound_messages WHERE id = $1',
        [id],
      );
      assert.deepEqual(outbound.rows[0], { state: 'failed', error_code: 131026 });
      const again = lines().filter((l) => l.msg === 'outbound message failed again');
      assert.deepEqual(
        again.map((l) => [l.outboundId, l.code]),
        [[Number(id), 131049]],
      );
      assert.doesNotMatch(captured, new RegExp(phone));
    });
  });
