import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getBooking } from '../../src/booking/bookings.ts';
import { SANDBOX_IDS } from '../../src/config.ts';
import { placeHold } from '../../src/booking/holds.ts';
import { ENGINES } from '../storage/helpers.ts';
import { bookFor, delivery, nfmMsg, sentAgo, startHarness, textMsg, type Harness } from './harness.ts';

const HOUR = 3_600_000;

/** A text the customer wrote `agoMs` ago, delivered now (Meta retries for days, docs/protocol.md §6). */
const lateText = (from: string, id: string, body: string, agoMs: number) => ({
  ...textMsg(from, id, body),
  timestamp: sentAgo(agoMs),
});

/** The flow token on a template's Flow button, or undefined when it has none. */
function flowButtonToken(sent: Record<string, any>): string | undefined {
  const button = (sent.template?.components ?? []).find((c: any) => c.type === 'button' && c.sub_type === 'flow');
  return button?.parameters?.[0]?.action?.flow_token;
}

for (const engine of ENGINES)
  describe(`the 24-hour window counts from the message's timestamp (stand-in Graph API) [${engine}]`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ engine });
    });
    after(() => h.close());

    test('"appointment" written 25 h ago and delivered now gets the Flow template, with a token for this customer', async () => {
      const phone = '447700931001';
      await h.post(delivery({ messages: [lateText(phone, 'wamid.W25', 'appointment please', 25 * HOUR)] }));
      await h.idle();
      const [sent, ...more] = h.sentTo(phone);
      assert.equal(more.length, 0);
      assert.equal(sent!.type, 'template');
      assert.equal(sent!.template.name, 'appointment_booking');
      assert.equal(sent!.template.language.code, 'en_GB');
      const session = h.app.tokens.open(flowButtonToken(sent!), Date.now());
      assert.equal(session.customer, phone);
      const { rows } = await h.app.db.query<{ kind: string; flow_session_id: string }>(
        `SELECT kind, flow_session_id FROM outbound_messages WHERE dedup_key = 'flow:wamid.W25'`,
      );
      assert.deepEqual(rows, [{ kind: 'template', flow_session_id: session.id }]);
    });

    test('"appointment" written 23 h ago gets the free-form Flow message', async () => {
      const phone = '447700931002';
      await h.post(delivery({ messages: [lateText(phone, 'wamid.W23', 'appointment please', 23 * HOUR)] }));
      await h.idle();
      const [sent, ...more] = h.sentTo(phone);
      assert.equal(more.length, 0);
      assert.equal(sent!.type, 'interactive');
      assert.equal(sent!.interactive.type, 'flow');
    });

    test('a late delivery never closes a window a newer message opened', async () => {
      const phone = '447700931003';
      await h.post(delivery({ messages: [textMsg(phone, 'wamid.WNEW', 'hello')] }));
      await h.idle();
      await h.post(delivery({ messages: [lateText(phone, 'wamid.WOLD', 'appointment', 30 * HOUR)] }));
      await h.idle();
      const flow = h.sentTo(phone).filter((m) => m.type === 'interactive' && m.interactive.type === 'flow');
      assert.equal(flow.length, 1);
      assert.equal(h.sentTo(phone).filter((m) => m.type === 'template').length, 0);
    });

    test('a reaction opens no window: a 25 h old request after it still gets the template', async () => {
      const phone = '447700931004';
      const reaction = {
        from: phone,
        id: 'wamid.WREACT',
        timestamp: sentAgo(),
        type: 'reaction',
        reaction: { message_id: 'wamid.OUT1', emoji: '\u{1F44D}' },
      };
      await h.post(delivery({ messages: [reaction] }));
      await h.idle();
      await h.post(delivery({ messages: [lateText(phone, 'wamid.WR25', 'appointment', 25 * HOUR)] }));
      await h.idle();
      const sent = h.sentTo(phone);
      assert.deepEqual(
        sent.map((m) => m.type),
        ['template'],
      );
    });

    test("a reminder's Reschedule tapped 25 h ago: the template's Flow carries rescheduleOf and completing it moves the booking", async () => {
      const phone = '447700931005';
      const made = await bookFor(h.app, phone, { language: 'en_GB', held: true, slot: 4 });
      // The booking was completed 26 h ago, and the tap on its reminder was made 25 h ago: the window has closed.
      const completion = {
        ...nfmMsg(phone, 'wamid.WDONE', { flow_token: made.token, name: 'Ana' }),
        timestamp: sentAgo(26 * HOUR),
      };
      await h.post(delivery({ messages: [completion] }));
      await h.idle();
      const tap = {
        from: phone,
        id: 'wamid.WTAP',
        timestamp: sentAgo(25 * HOUR),
        type: 'button',
        button: { payload: `reschedule:${made.bookingId}`, text: 'Reschedule' },
      };
      await h.post(delivery({ messages: [tap] }));
      await h.idle();
      const offer = h.sentTo(phone).find((m) => m.type === 'template' && m.template.name === 'appointment_booking');
      assert.ok(offer, JSON.stringify(h.sentTo(phone).map((m) => m.type)));
      const token = flowButtonToken(offer)!;
      const session = h.app.tokens.open(token, Date.now());
      assert.equal(session.rescheduleOf, made.bookingId);
      const start = new Date((await getBooking(h.app.db, made.bookingId))!.start.getTime() + 86_400_000);
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
      // Linked by context.id only (no token in response_json): the template message names the booking it moves.
      const offerWamid = (
        await h.app.db.query<{ wamid: string }>(
          `SELECT wamid FROM outbound_messages WHERE dedup_key = 'reply:wamid.WTAP'`,
        )
      ).rows[0]!.wamid;
      await h.post(delivery({ messages: [nfmMsg(phone, 'wamid.WMOVED', { name: 'Ana' }, offerWamid)] }));
      await h.idle();
      // The same booking, moved (docs/protocol.md §10, rescheduling).
      const moved = await getBooking(h.app.db, made.bookingId);
      assert.equal(moved!.status, 'confirmed');
      assert.deepEqual(moved!.start, start);
      assert.equal(moved!.rescheduleCount, 1);
    });

    test('a THROTTLED Flow counts its templates too: ten Flow sends an hour, then the text', async () => {
      const status = (from: string, to: string) => ({
        event: 'FLOW_STATUS_CHANGE',
        flow_id: SANDBOX_IDS.flowId,
        old_status: from,
        new_status: to,
      });
      await h.app.db.exec(`UPDATE outbound_messages SET created_at = now() - interval '2 hours'`);
      await h.post(delivery(status('PUBLISHED', 'THROTTLED') as never, 'flows'));
      await h.idle();
      const kinds: string[] = [];
      for (let i = 0; i < 11; i++) {
        const phone = `4477009320${String(i).padStart(2, '0')}`;
        await h.post(delivery({ messages: [lateText(phone, `wamid.WT${i}`, 'appointment', 25 * HOUR)] }));
        await h.idle();
        kinds.push(h.sentTo(phone)[0]!.type);
      }
      assert.deepEqual(kinds, [...Array(10).fill('template'), 'text']);
      await h.post(delivery(status('THROTTLED', 'PUBLISHED') as never, 'flows'));
      await h.idle();
    });
  });
