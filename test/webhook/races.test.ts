import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getBooking } from '../../src/booking/bookings.ts';
import { listJobs } from '../../src/jobs/queue.ts';
import { ENGINES } from '../storage/helpers.ts';
import { bookFor, delivery, replyMsg, startHarness, type Harness } from './harness.ts';

for (const engine of ENGINES)
  describe(`races between a customer's own messages [${engine}]`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ engine });
    });
    after(() => h.close());

    test('a double tap on "Cancel it" cancels once and answers both taps; no job fails', async () => {
      for (let round = 0; round < 5; round++) {
        const phone = `4477009003${round}`;
        const { bookingId } = await bookFor(h.app, phone, { slot: round });
        // Both taps in one delivery: their message.handle jobs run side by side and race for the cancel.
        await h.post(
          delivery({
            messages: [
              replyMsg(phone, `wamid.DT${round}a`, 'button_reply', `cancel:${bookingId}`),
              replyMsg(phone, `wamid.DT${round}b`, 'button_reply', `cancel:${bookingId}`),
            ],
          }),
        );
        await h.idle();
        assert.equal((await getBooking(h.app.db, bookingId))!.status, 'cancelled');
        const answers = h
          .sentTo(phone)
          .filter((m) => m.type === 'text')
          .map((m) => m.text?.body as string | undefined);
        assert.equal(answers.length, 2, `round ${round}: both taps are answered: ${JSON.stringify(answers)}`);
        for (const said of answers)
          assert.match(said ?? '', / is canceled\./, `round ${round}: the US spelling for an en_US customer`);
        const { rows } = await h.app.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM inbound_messages WHERE customer_phone = $1 AND handled_at IS NULL',
          [phone],
        );
        assert.equal(rows[0]!.n, 0, `round ${round}: every message is marked answered`);
      }
      assert.deepEqual(await listJobs(h.app.db, { state: 'failed' }), []);
    });
  });
