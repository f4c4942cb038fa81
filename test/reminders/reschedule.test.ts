import assert from 'node:assert/strict';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { getBooking } from '../../src/booking/bookings.ts';
import { placeHold } from '../../src/booking/holds.ts';
import { bookingHistory } from '../../src/booking/reschedule.ts';
import { decryptFlowResponse, encryptFlowRequest, envelopeBody } from '../../src/flows/crypto.ts';
import { existingSandboxKey } from '../../src/flows/keys.ts';
import { signBody } from '../../src/http/signature.ts';
import { reminderOutcomes } from '../../src/reminders/outcomes.ts';
import { contractOf, FLOW_FILES } from '../flows/contract.ts';
import { pickable } from '../flows/helpers.ts';
import { ENGINES } from '../storage/helpers.ts';
import {
  delivery,
  nfmMsg,
  replyMsg,
  SECRET,
  sentAgo,
  startHarness,
  textMsg,
  type Harness,
} from '../webhook/harness.ts';

type Answer = { screen: string; data: Record<string, any> };
const PERSON = { name: 'Ana Lima', email: 'ana@example.com', phone: '+44 20 7946 0000', more_details: '' };
const enabled = (list: Array<{ id: string; enabled?: boolean }>) => list.filter((o) => o.enabled !== false);

/** The WhatsApp client's side of `POST /flow` against the harness's app, checked against the served Flow. */
function flowClient(h: Harness, file: string) {
  const publicKey: KeyObject = createPublicKey(existingSandboxKey(h.dataDir)!);
  const contract = contractOf(file);
  return async (token: string, action: string, screen?: string, data?: Record<string, unknown>): Promise<Answer> => {
    const request = {
      version: '3.0',
      action,
      flow_token: token,
      ...(screen ? { screen } : {}),
      ...(data ? { data } : {}),
    };
    const { envelope, aesKey, iv } = encryptFlowRequest(request, publicKey);
    const body = envelopeBody(envelope);
    const response = await h.app.server.inject({
      method: 'POST',
      url: '/flow',
      payload: body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, SECRET) },
    });
    assert.equal(response.statusCode, 200, response.body);
    const answer = decryptFlowResponse(response.body, aesKey, iv) as Answer;
    assert.deepEqual(contract({ action, screen }, answer), [], `${action} ${screen}: ${JSON.stringify(answer)}`);
    return answer;
  };
}

const buttonTap = (from: string, id: string, payload: string) => ({
  from,
  id,
  timestamp: sentAgo(),
  type: 'button',
  button: { payload, text: payload.split(':')[0] },
});

for (const engine of ENGINES)
  describe(`reschedule keeps the booking, over POST /webhook and /flow [${engine}]`, () => {
    let h: Harness;
    let flow: ReturnType<typeof flowClient>;
    let wamid = 0;
    before(async () => {
      h = await startHarness({ engine });
      flow = flowClient(h, FLOW_FILES.flowbook);
    });
    after(() => h.close());

    const post = async (message: Record<string, unknown>) => {
      await h.post(delivery({ messages: [message] }));
      await h.idle();
    };
    const next = () => `wamid.R${++wamid}`;
    const lastFlowToken = (phone: string) => {
      const flows = h.sentTo(phone).filter((m) => m.type === 'interactive' && m.interactive.type === 'flow');
      return flows.at(-1)!.interactive.action.parameters.flow_token as string;
    };

    /** APPOINTMENT → DETAILS for the `pick`-th free time of the first free date (home goods: one unit). */
    async function toDetails(token: string, pick: number, date?: string) {
      const base = { department: 'home', location: 'kings-cross' };
      const dates = await flow(token, 'data_exchange', 'APPOINTMENT', { trigger: 'location_selected', ...base });
      // flowbook's Flow shows the dates in a CalendarPicker: the window less the unavailable days.
      // Two free dates on: the booking is over 24 h away whatever the time of day, so both reminders wait.
      const day = date ?? pickable(dates.data)[2]!;
      const times = await flow(token, 'data_exchange', 'APPOINTMENT', { trigger: 'date_selected', ...base, date: day });
      const time = enabled(times.data.time)[pick]!.id;
      const details = await flow(token, 'data_exchange', 'APPOINTMENT', {
        trigger: 'continue',
        ...base,
        date: day,
        time,
      });
      assert.equal(details.screen, 'DETAILS', JSON.stringify(details.data.error_message));
      return { date: day, time };
    }

    async function confirmFlow(token: string): Promise<Answer> {
      const summary = await flow(token, 'data_exchange', 'DETAILS', PERSON);
      assert.equal(summary.screen, 'SUMMARY');
      return flow(token, 'data_exchange', 'SUMMARY', { ...PERSON, terms: true });
    }

    /** A booking made through the Flow and completed through the webhook (so its reminders are queued). */
    async function booked(phone: string, pick: number) {
      await post(textMsg(phone, next(), 'appointment'));
      const token = lastFlowToken(phone);
      await flow(token, 'INIT');
      const chosen = await toDetails(token, pick);
      const done = await confirmFlow(token);
      const bookingId = done.data.extension_message_response.params.booking_id as string;
      await post(nfmMsg(phone, next(), { flow_token: token, name: 'Ana' }));
      return { bookingId, ...chosen };
    }

    /** Someone else tries to hold the booking's time: FB_SLOT_TAKEN while it is booked. */
    const otherHold = (start: Date, end: Date) =>
      placeHold(h.app.db, {
        flowToken: `other-${next()}`,
        customerPhone: '447700900999',
        language: 'en_GB',
        locationId: 'kings-cross',
        departmentId: 'home',
        start,
        end,
        holdMinutes: 10,
        bufferMinutes: 0,
        now: new Date(),
      });

    const queuedReminderKeys = async (bookingId: string) =>
      (
        await h.app.db.query<{ dedup_key: string }>(
          `SELECT dedup_key FROM jobs WHERE name = 'reminder.send' AND state = 'queued' AND payload->>'bookingId' = $1 ORDER BY dedup_key`,
          [bookingId],
        )
      ).rows.map((r) => r.dedup_key);

    test('from My appointments: Reschedule / Cancel / Keep, a pre-filled Flow, the same booking at the new time', async () => {
      const phone = '447700900301';
      const made = await booked(phone, 0);
      const before = (await getBooking(h.app.db, made.bookingId))!;
      await post(textMsg(phone, next(), 'my appointments'));
      const list = h.sentTo(phone).at(-1)!;
      assert.equal(list.interactive.type, 'list');
      await post(replyMsg(phone, next(), 'list_reply', `booking:${made.bookingId}`));
      const buttons = h.sentTo(phone).at(-1)!.interactive.action.buttons;
      assert.deepEqual(
        buttons.map((b: any) => [b.reply.id, b.reply.title]),
        [
          [`reschedule:${made.bookingId}`, 'Reschedule'],
          [`cancel:${made.bookingId}`, 'Cancel'],
          [`keep:${made.bookingId}`, 'Keep'],
        ],
      );
      await post(replyMsg(phone, next(), 'button_reply', `reschedule:${made.bookingId}`));
      const token = lastFlowToken(phone);
      assert.equal(h.app.tokens.open(token, Date.now()).rescheduleOf, made.bookingId);

      const init = await flow(token, 'INIT');
      assert.equal(init.screen, 'APPOINTMENT');
      assert.deepEqual(
        [init.data.selected_department, init.data.selected_location, init.data.selected_date],
        ['home', 'kings-cross', made.date],
      );
      assert.equal(init.data.is_time_enabled, true);
      // The booking's own time is offered to its customer (it is theirs to keep or shift from).
      assert.ok(enabled(init.data.time).some((t) => t.id === made.time));

      const chosen = await toDetails(token, 2, made.date);
      // In the Flow: the booking has not moved, its time is still taken, and so is the new one (held).
      const during = (await getBooking(h.app.db, made.bookingId))!;
      assert.deepEqual(during.start, before.start);
      await assert.rejects(otherHold(before.start, before.end), { code: 'FB_SLOT_TAKEN' });
      const done = await confirmFlow(token);
      assert.equal(done.screen, 'SUCCESS');
      assert.equal(done.data.extension_message_response.params.booking_id, made.bookingId);
      // A retried confirmation answers the same booking.
      const again = await flow(token, 'data_exchange', 'SUMMARY', { ...PERSON, terms: true });
      assert.equal(again.data.extension_message_response.params.booking_id, made.bookingId);
      await post(nfmMsg(phone, next(), { flow_token: token, name: 'Ana' }));

      const moved = (await getBooking(h.app.db, made.bookingId))!;
      assert.equal(moved.status, 'confirmed');
      assert.equal(moved.flowToken, before.flowToken);
      assert.notDeepEqual(moved.start, before.start);
      assert.equal(chosen.date, made.date);
      const history = await bookingHistory(h.app.db, made.bookingId);
      assert.deepEqual(
        history.map((m) => [m.round, m.previous.start.toISOString(), m.start.toISOString()]),
        [[1, before.start.toISOString(), moved.start.toISOString()]],
      );
      // The old time is free now.
      await otherHold(before.start, before.end);

      const rescheduled = h.sentTo(phone).filter((m) => m.template?.name === 'appointment_rescheduled');
      assert.equal(rescheduled.length, 1);
      const values = rescheduled[0]!.template.components[0].parameters as Array<{
        parameter_name?: string;
        text?: string;
      }>;
      assert.equal(
        values.find((v) => v.parameter_name === 'reference')?.text,
        made.bookingId.slice(0, 8).toUpperCase(),
      );
      assert.ok(values.some((v) => v.parameter_name === 'previous_date_time'));
      // Reminders moved: the first time's removed, the new time's queued under the next round.
      assert.deepEqual(
        (await reminderOutcomes(h.app.db, made.bookingId)).map((o) => [o.round, o.offset, o.outcome, o.reason]),
        [
          [0, '24h', 'removed', 'rescheduled'],
          [0, '2h', 'removed', 'rescheduled'],
        ],
      );
      assert.deepEqual(await queuedReminderKeys(made.bookingId), [
        `reminder:${made.bookingId}:24h:1`,
        `reminder:${made.bookingId}:2h:1`,
      ]);
    });

    test('abandoning the Flow leaves the booking as it was; a time taken meanwhile gets the slot-taken answer', async () => {
      const phone = '447700900302';
      const made = await booked(phone, 4);
      const before = (await getBooking(h.app.db, made.bookingId))!;
      await post(buttonTap(phone, next(), `reschedule:${made.bookingId}`));
      const abandoned = lastFlowToken(phone);
      await flow(abandoned, 'INIT');
      await toDetails(abandoned, 6, made.date);
      // The customer closes the Flow here. A second try holds a time…
      await post(buttonTap(phone, next(), `reschedule:${made.bookingId}`));
      const token = lastFlowToken(phone);
      assert.notEqual(token, abandoned);
      await flow(token, 'INIT');
      await toDetails(token, 8, made.date);
      const summary = await flow(token, 'data_exchange', 'DETAILS', PERSON);
      // …whose hold runs out while they read SUMMARY, and another customer takes it.
      const { rows } = await h.app.db.query<{ start_at: Date; end_at: Date }>(
        `UPDATE bookings SET hold_expires_at = now() - interval '1 minute' WHERE flow_token = $1 RETURNING start_at, end_at`,
        [h.app.tokens.open(token, Date.now()).id],
      );
      await otherHold(rows[0]!.start_at, rows[0]!.end_at);
      const lost = await flow(token, 'data_exchange', 'SUMMARY', { ...PERSON, terms: true });
      assert.equal(lost.screen, 'SUMMARY');
      assert.match(lost.data.error_message, /go back|another time/i);
      assert.equal(summary.screen, 'SUMMARY');
      const after = (await getBooking(h.app.db, made.bookingId))!;
      assert.deepEqual(
        [after.start, after.unitId, after.status, after.version],
        [before.start, before.unitId, 'confirmed', before.version],
      );
      assert.deepEqual(await bookingHistory(h.app.db, made.bookingId), []);
      assert.deepEqual(await queuedReminderKeys(made.bookingId), [
        `reminder:${made.bookingId}:24h`,
        `reminder:${made.bookingId}:2h`,
      ]);
      await assert.rejects(otherHold(before.start, before.end), { code: 'FB_SLOT_TAKEN' });
    });
  });

describe("reschedule with Meta's Builder template, from a reminder", () => {
  let h: Harness;
  let flow: ReturnType<typeof flowClient>;
  before(async () => {
    h = await startHarness({ env: { FLOW_JSON: FLOW_FILES.builder } });
    flow = flowClient(h, FLOW_FILES.builder);
  });
  after(() => h.close());

  test('the template (no init-value) starts at the department; the move keeps the reference', async () => {
    const phone = '447700900303';
    const base = { department: 'home', location: 'kings-cross' };
    const walk = async (token: string, pick: number) => {
      await flow(token, 'data_exchange', 'APPOINTMENT', { trigger: 'department_selected', department: 'home' });
      const dates = await flow(token, 'data_exchange', 'APPOINTMENT', { trigger: 'location_selected', ...base });
      const date = enabled(dates.data.date)[1]!.id;
      const times = await flow(token, 'data_exchange', 'APPOINTMENT', { trigger: 'date_selected', ...base, date });
      const choice = { ...base, date, time: enabled(times.data.time)[pick]!.id };
      const summary = await flow(token, 'data_exchange', 'DETAILS', { ...choice, ...PERSON });
      assert.equal(summary.screen, 'SUMMARY', JSON.stringify(summary.data.error_message));
      return flow(token, 'data_exchange', 'SUMMARY', { ...choice, ...PERSON });
    };
    await h.post(delivery({ messages: [textMsg(phone, 'wamid.B1', 'appointment')] }));
    await h.idle();
    const first = h.sentTo(phone).at(-1)!.interactive.action.parameters.flow_token as string;
    const made = await walk(first, 1);
    const bookingId = made.data.extension_message_response.params.booking_id as string;
    const before = (await getBooking(h.app.db, bookingId))!;

    await h.post(delivery({ messages: [buttonTap(phone, 'wamid.B2', `reschedule:${bookingId}`)] }));
    await h.idle();
    const token = h.sentTo(phone).at(-1)!.interactive.action.parameters.flow_token as string;
    const init = await flow(token, 'INIT');
    assert.equal(init.data.is_location_enabled, false);
    assert.equal('selected_department' in init.data, false);
    const done = await walk(token, 3);
    assert.equal(done.data.extension_message_response.params.booking_id, bookingId);
    await h.post(delivery({ messages: [nfmMsg(phone, 'wamid.B3', { flow_token: token })] }));
    await h.idle();
    const moved = (await getBooking(h.app.db, bookingId))!;
    assert.notDeepEqual(moved.start, before.start);
    assert.equal((await bookingHistory(h.app.db, bookingId)).length, 1);
    assert.equal(h.sentTo(phone).filter((m) => m.template?.name === 'appointment_rescheduled').length, 1);
  });
});
