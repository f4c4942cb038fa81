import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { queueOutbound } from '../../src/messaging/outbox.ts';
import { textMessage } from '../../src/whatsapp/messages.ts';
import { ENGINES } from '../storage/helpers.ts';
import { waitFor } from '../wait.ts';
import { startHarness, type Harness } from '../webhook/harness.ts';

const BULK = 200;
const RATE = 40;

/** Queues a text; `bulk` as the reminders do. */
async function queue(h: Harness, key: string, phone: string, priority: 'bulk' | 'interactive') {
  await queueOutbound(h.app.db, {
    dedupKey: key,
    kind: 'text',
    customerPhone: phone,
    phoneNumberId: undefined,
    body: textMessage(phone, key),
    priority,
  });
}

for (const engine of ENGINES)
  describe(`answers before bulk reminders when the queue is backed up [${engine}]`, () => {
    let h: Harness;
    const order: string[] = [];
    before(async () => {
      h = await startHarness({ engine, tuning: { perSecond: RATE } });
      let n = 0;
      h.graph.fallback = (req) => {
        order.push((req.json() as { text: { body: string } }).text.body);
        return { json: { messaging_product: 'whatsapp', messages: [{ id: `wamid.PRIO${++n}` }] } };
      };
    });
    after(() => h.close());

    test(`a reply queued behind ${BULK} reminders goes next; one to a customer with a reminder pending keeps its order`, {
      timeout: 60_000,
    }, async () => {
      const phones = Array.from({ length: BULK }, (_, i) => `44770500${String(i).padStart(4, '0')}`);
      for (const [i, phone] of phones.entries()) await queue(h, `bulk:${i}`, phone, 'bulk');
      await waitFor('the backlog is draining', () => order.length >= 10, { timeoutMs: 20_000 });
      await queue(h, 'reply:new', '447705999999', 'interactive');
      // A customer whose reminder is still far back in the backlog writes: the reminder goes first, then the answer.
      const late = phones[BULK - 10]!;
      await queue(h, 'reply:late', late, 'interactive');
      const queuedAt = order.length;
      await waitFor('both replies sent', () => order.includes('reply:new') && order.includes('reply:late'), {
        timeoutMs: 30_000,
      });
      const newAt = order.indexOf('reply:new');
      const lateAt = order.indexOf('reply:late');
      const reminderAt = order.indexOf(`bulk:${BULK - 10}`);
      console.log(
        `# replies queued at send ${queuedAt}: sent at ${newAt} and ${lateAt} (that customer's reminder at ${reminderAt})`,
      );
      // Only sends already claimed (concurrency 4) or holding a slot can go between; the answer behind a
      // reminder also looks again every 100 ms (ORDER_WAIT_MS, 4 sends at 40/s) until the reminder went.
      // Measured idle: 0–4 and ≤ 10 sends; under a loaded CI run 18. The bounds leave room for a
      // starved machine (a second at 40/s) and still fail the broken designs by far: one lane waited
      // 93–189 sends, no promotion 183–188.
      assert.ok(newAt - queuedAt <= 20, `the reply waited for ${newAt - queuedAt} reminders`);
      assert.ok(reminderAt >= 0 && reminderAt < lateAt, "the customer's earlier reminder goes before the answer");
      assert.ok(lateAt - queuedAt <= 40, `the answer behind a reminder waited for ${lateAt - queuedAt} sends`);
      await h.idle(30_000);
      assert.equal(order.length, BULK + 2, 'nothing lost, nothing twice');
    });
  });
