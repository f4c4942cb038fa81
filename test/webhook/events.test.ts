import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINES } from '../storage/helpers.ts';
import { delivery, sentAgo, startHarness, textMsg, type Harness } from './harness.ts';

/** Meta's shapes for messages that report something rather than ask (docs/protocol.md §11.4). */
const EVENTS: Record<string, (from: string, id: string) => Record<string, unknown>> = {
  reaction: (from, id) => ({
    from,
    id,
    timestamp: sentAgo(),
    type: 'reaction',
    reaction: { message_id: 'wamid.OUT1', emoji: '\u{1F44D}' },
  }),
  'reaction removed (no emoji)': (from, id) => ({
    from,
    id,
    timestamp: sentAgo(),
    type: 'reaction',
    reaction: { message_id: 'wamid.OUT1' },
  }),
  'reaction removed (empty emoji)': (from, id) => ({
    from,
    id,
    timestamp: sentAgo(),
    type: 'reaction',
    reaction: { message_id: 'wamid.OUT1', emoji: '' },
  }),
  revoke: (from, id) => ({
    from,
    id,
    timestamp: sentAgo(),
    type: 'revoke',
    revoke: { original_message_id: 'wamid.X' },
  }),
  // An edit whose new text is a booking keyword: still an edit, not a new request.
  edit: (from, id) => ({
    from,
    id,
    timestamp: sentAgo(),
    type: 'edit',
    edit: { original_message_id: 'wamid.X', message: { type: 'text', text: { body: 'appointment' } } },
  }),
  'edit delivered as unsupported': (from, id) => ({
    from,
    id,
    timestamp: sentAgo(),
    type: 'unsupported',
    errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown' }],
    unsupported: { type: 'edit' },
  }),
  call_permission_reply: (from, id) => ({
    from,
    id,
    timestamp: sentAgo(),
    type: 'interactive',
    context: { from: '15550001111', id: 'wamid.OUT2' },
    interactive: {
      type: 'call_permission_reply',
      call_permission_reply: { response: 'accept', expiration_timestamp: 1800000000, response_source: 'user_action' },
    },
  }),
  'system user_changed_number': (from, id) => ({
    from,
    id,
    timestamp: sentAgo(),
    type: 'system',
    system: { body: 'User A changed from 1 to 2', wa_id: '447700900999', type: 'user_changed_number' },
  }),
  'system customer_identity_changed': (from, id) => ({
    from,
    id,
    timestamp: sentAgo(),
    type: 'system',
    system: { body: 'identity changed', customer: from, type: 'customer_identity_changed' },
  }),
};

for (const engine of ENGINES)
  describe(`events are not requests: no automatic reply (stand-in Graph API) [${engine}]`, () => {
    let h: Harness;
    before(async () => {
      // The full menu on every unrecognised message, so an event answered by mistake would show.
      h = await startHarness({ engine, tuning: { helpIntervalMs: 0 } });
    });
    after(() => h.close());

    Object.entries(EVENTS).forEach(([name, build], i) => {
      test(`${name}: stored and handled, nothing sent; the customer's next text is answered`, async () => {
        const phone = `4477009${String(i).padStart(5, '0')}`;
        const wamid = `wamid.EV${i}`;
        // The customer booked a moment ago; the event refers to that conversation.
        await h.post(delivery({ messages: [textMsg(phone, `${wamid}.first`, 'appointment')] }));
        await h.idle();
        assert.equal(h.sentTo(phone).length, 1);
        assert.equal((await h.post(delivery({ messages: [build(phone, wamid)] }))).statusCode, 200);
        await h.idle();
        assert.equal(h.sentTo(phone).length, 1, 'nothing more was sent');
        assert.equal(h.reads().filter((r) => r.message_id === wamid).length, 0);
        const { rows } = await h.app.db.query<{ handled: boolean }>(
          'SELECT handled_at IS NOT NULL AS handled FROM inbound_messages WHERE wamid = $1',
          [wamid],
        );
        assert.deepEqual(rows, [{ handled: true }]);

        await h.post(delivery({ messages: [textMsg(phone, `${wamid}.next`, 'hello there')] }));
        await h.idle();
        const sent = h.sentTo(phone);
        assert.equal(sent.length, 2);
        assert.equal(sent[1]!.interactive?.type, 'list', 'the menu');
      });
    });

    test('an unsupported message of another kind (a poll) still gets the menu', async () => {
      const phone = '447700988888';
      await h.post(delivery({ messages: [textMsg(phone, 'wamid.POLL.first', 'hi')] }));
      await h.idle();
      const poll = {
        from: phone,
        id: 'wamid.POLL',
        timestamp: sentAgo(),
        type: 'unsupported',
        errors: [{ code: 131051, title: 'Message type unknown' }],
        unsupported: { type: 'poll_creation' },
      };
      await h.post(delivery({ messages: [poll] }));
      await h.idle();
      assert.equal(h.sentTo(phone).length, 2);
    });
  });
