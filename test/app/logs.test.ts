import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { metaJson, signBody } from '../../src/http/signature.ts';
import { createLogger } from '../../src/log.ts';
import { APP_SECRET, startTestApp } from '../flows/helpers.ts';
import { waitFor } from '../wait.ts';

describe('logs', () => {
  it('carry no phone number, name, email, token or secret through a whole booking at trace level', async () => {
    let captured = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        captured += chunk.toString();
        done();
      },
    });
    const app = await startTestApp({ LOG_LEVEL: 'trace' }, createLogger('trace', sink));
    const waId = '447700900777';
    const bsuid = 'US.13491208655302741918';
    const [linkedPhone, linkedBsuid, newPhone] = ['34600123987', 'ES.48151623429', '34600321789'];
    try {
      // A customer writes the keyword: the webhook stores it and the jobs answer with a Flow message.
      const delivery = metaJson({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: 'waba',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550100000', phone_number_id: '100000000000001' },
                  contacts: [
                    { profile: { name: 'Zelda Quartz' }, wa_id: waId },
                    { profile: { name: 'Yuri', username: '@yuri.q' }, user_id: bsuid },
                    { profile: { name: 'Xan' }, wa_id: linkedPhone, user_id: linkedBsuid },
                  ],
                  messages: [
                    {
                      from: waId,
                      id: 'wamid.LOGTEST1',
                      timestamp: String(Math.floor(Date.now() / 1000)),
                      type: 'text',
                      text: { body: 'appointment please' },
                    },
                    // A username-only customer, one whose two ids are linked, then one whose number changes.
                    {
                      from_user_id: bsuid,
                      id: 'wamid.LOGTEST2',
                      timestamp: '1795000000',
                      type: 'text',
                      text: { body: 'book' },
                    },
                    {
                      from: linkedPhone,
                      from_user_id: linkedBsuid,
                      id: 'wamid.LOGTEST3',
                      timestamp: '1795000000',
                      type: 'text',
                      text: { body: 'hi' },
                    },
                    {
                      from: linkedPhone,
                      id: 'wamid.LOGTEST4',
                      timestamp: '1795000001',
                      type: 'system',
                      system: { type: 'user_changed_number', wa_id: newPhone },
                    },
                  ],
                },
              },
            ],
          },
        ],
      });
      const response = await app.server.inject({
        method: 'POST',
        url: '/webhook',
        payload: delivery,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(delivery, APP_SECRET) },
      });
      assert.equal(response.statusCode, 200);

      // The same customer books through the endpoint, with bad input on the way.
      const token = app.mint(waId, 'en_GB');
      const flow = (screen: string, data: Record<string, unknown>) =>
        app.flow({ version: '3.0', action: 'data_exchange', screen, flow_token: token, data });
      await flow('APPOINTMENT', {
        trigger: 'continue',
        department: 'beauty',
        location: 'covent-garden',
        date: '2026-11-24',
        time: '10:00',
      });
      await flow('DETAILS', { name: 'Zelda Quartz', email: 'not an email', phone: '+44 20 7946 0999' });
      const person = {
        name: 'Zelda Quartz',
        email: 'zelda@example.com',
        phone: '+44 20 7946 0999',
        more_details: '',
        terms: true,
      };
      assert.equal((await flow('SUMMARY', person)).body.screen, 'SUCCESS');
      await app.flow({ version: '3.0', action: 'INIT', flow_token: token }); // 427: used up
      // The keyword's jobs ran as far as a first attempt at sending the Flow message (nothing listens
      // for the Graph API here, so that attempt fails and is logged too).
      await waitFor(
        'a first attempt at sending the Flow message',
        async () =>
          (
            await app.db.query(
              `SELECT 1 FROM jobs WHERE name = 'outbound.send' AND attempts >= 1 AND state <> 'running'`,
            )
          ).rows.length > 0,
      );
    } finally {
      await app.dispose();
    }
    assert.match(captured, /flow token refused/, 'the 427 was logged');
    assert.match(captured, /handling a message/, 'the conversation logged at debug level');
    assert.match(captured, /customer moved/, 'the number change was logged');
    const identities = [bsuid, '13491208655302741918', '@yuri', 'yuri.q', linkedPhone, linkedBsuid, newPhone];
    for (const secret of [waId, '7946', 'Zelda', 'zelda@example.com', APP_SECRET, 'fb1.', ...identities]) {
      assert.ok(!captured.includes(secret), `"${secret}" reached the logs`);
    }
  });
});
