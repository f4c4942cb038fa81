import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINES } from '../storage/helpers.ts';
import { waitFor } from '../wait.ts';
import { delivery, replyMsg, sentAgo, startHarness, textMsg, type Harness } from './harness.ts';

const ADMIN = { authorization: 'Bearer admin-token' };

async function api(h: Harness, method: 'GET' | 'POST', url: string, payload?: object, headers = ADMIN) {
  const res = await h.app.server.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
}

for (const engine of ENGINES)
  describe(`talk to a person: the assistant pauses, staff answer, it resumes [${engine}]`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ engine });
    });
    after(() => h.close());

    const say = async (message: Record<string, unknown>) => {
      assert.equal((await h.post(delivery({ messages: [message] }))).statusCode, 200);
      await h.idle();
    };

    test('open → the assistant is silent → staff see it and answer → close → the assistant answers again', async () => {
      const phone = '34600930001';
      await say(textMsg(phone, 'wamid.HO1', 'quiero hablar con una persona'));
      const [told] = h.sentTo(phone);
      assert.equal(told!.interactive.type, 'button');
      assert.match(told!.interactive.body.text, /Una persona de nuestro equipo te responderá aquí/);
      assert.equal(told!.interactive.action.buttons[0].reply.title, 'Volver al asistente');

      // While a person has the conversation, nothing the customer writes is answered by the assistant.
      await say(textMsg(phone, 'wamid.HO2', 'hola? necesito cambiar algo'));
      await say(textMsg(phone, 'wamid.HO3', 'quiero una cita'));
      await say(replyMsg(phone, 'wamid.HO4', 'list_reply', 'menu:book'));
      assert.equal(h.sentTo(phone).length, 1, 'the assistant stayed silent');

      const open = await api(h, 'GET', '/api/conversations?state=open');
      assert.equal(open.status, 200);
      const mine = open.body.conversations.find((c: any) => c.customer === phone);
      assert.equal(mine.openedBy, 'customer');
      assert.equal(mine.state, 'open');

      const view = await api(h, 'GET', `/api/conversations/${phone}`);
      assert.equal(view.status, 200);
      assert.equal(view.body.insideWindow, true);
      assert.deepEqual(
        view.body.messages.map((m: any) => [m.direction, m.by, m.text]),
        [
          ['in', 'customer', 'quiero hablar con una persona'],
          ['out', 'assistant', told!.interactive.body.text],
          ['in', 'customer', 'hola? necesito cambiar algo'],
          ['in', 'customer', 'quiero una cita'],
          ['in', 'customer', 'x'],
        ],
      );

      const sent = await api(h, 'POST', `/api/conversations/+${phone}/messages`, {
        text: '¡Hola! Soy Marta. ¿Qué necesitas?',
      });
      assert.equal(sent.status, 202);
      await h.idle();
      assert.deepEqual(h.sentTo(phone).at(-1)!.text, { body: '¡Hola! Soy Marta. ¿Qué necesitas?' });
      const after = await api(h, 'GET', `/api/conversations/${phone}?limit=1`);
      assert.deepEqual(
        after.body.messages.map((m: any) => [m.by, m.state]),
        [['staff', 'accepted']], // Meta took it (the stand-in sends no statuses)
      );

      const closed = await api(h, 'POST', `/api/conversations/${phone}/close`);
      assert.equal(closed.status, 200);
      assert.equal(closed.body.handoff.closedBy, 'staff');
      await h.idle();
      assert.match(h.sentTo(phone).at(-1)!.text.body, /Vuelves a hablar con el asistente/);
      assert.equal((await api(h, 'POST', `/api/conversations/${phone}/close`)).body.error.code, 'FB_HANDOFF_STATE');

      const before = h.sentTo(phone).length;
      await say(textMsg(phone, 'wamid.HO5', 'quiero una cita'));
      assert.equal(h.sentTo(phone).length, before + 1);
      assert.equal(h.sentTo(phone).at(-1)!.interactive.type, 'flow', 'the assistant answers again');
    });

    test('"Back to assistant" hands the chat back at once', async () => {
      const phone = '447700930002';
      await say(replyMsg(phone, 'wamid.HB1', 'list_reply', 'menu:human'));
      await say(textMsg(phone, 'wamid.HB2', 'hello?'));
      assert.equal(h.sentTo(phone).length, 1);
      await say(replyMsg(phone, 'wamid.HB3', 'button_reply', 'handoff:end'));
      assert.match(h.sentTo(phone).at(-1)!.text.body, /back with the assistant/);
      await say(textMsg(phone, 'wamid.HB4', 'appointment'));
      assert.equal(h.sentTo(phone).at(-1)!.interactive.type, 'flow');
      const { body } = await api(h, 'GET', `/api/conversations/${phone}`);
      assert.equal(body.handoff.closedBy, 'customer');
    });

    test('staff answer only inside the 24-hour window: outside it a 409 that names the window', async () => {
      const phone = '447700930003';
      await say({ ...textMsg(phone, 'wamid.HW1', 'talk to a person'), timestamp: sentAgo(25 * 3_600_000) });
      const res = await api(h, 'POST', `/api/conversations/${phone}/messages`, { text: 'Hello from the team' });
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'FB_SERVICE_WINDOW');
      assert.match(res.body.error.message, /24-hour customer-service window/);
      assert.equal(h.sentTo(phone).filter((m) => m.text?.body === 'Hello from the team').length, 0);
    });

    test('bad input gets clear 400s, an unknown customer 404, no token 401', async () => {
      const known = '447700930004';
      await say(textMsg(known, 'wamid.HI1', 'talk to a person'));
      const cases: Array<[string, string, object | undefined, number, string]> = [
        ['POST', `/api/conversations/${known}/messages`, { text: '   ' }, 400, 'text: must not be empty'],
        ['POST', `/api/conversations/${known}/messages`, { text: 'hi', extra: 1 }, 400, 'Unrecognized key'],
        ['POST', `/api/conversations/${known}/messages`, { text: 'x'.repeat(4097) }, 400, 'at most 4096'],
        ['POST', '/api/conversations/not-a-number/messages', { text: 'hi' }, 400, 'expected a WhatsApp number'],
        ['GET', '/api/conversations?state=maybe', undefined, 400, 'state'],
        ['GET', '/api/conversations/447700939999', undefined, 404, 'Customer not found'],
      ];
      for (const [method, url, payload, status, says] of cases) {
        const res = await api(h, method as 'GET' | 'POST', url, payload);
        assert.equal(res.status, status, `${method} ${url}`);
        assert.ok(String(res.body.error.message).includes(says), `${url}: ${res.body.error.message}`);
      }
      assert.equal((await api(h, 'GET', '/api/conversations', undefined, {} as typeof ADMIN)).status, 401);
    });
  });

for (const engine of ENGINES)
  describe(`talk to a person: the timeout hands back to the assistant [${engine}]`, () => {
    let h: Harness;
    before(async () => {
      // 1.2 s instead of a day (HANDOFF_TIMEOUT_MINUTES takes decimals).
      h = await startHarness({ engine, env: { HANDOFF_TIMEOUT_MINUTES: '0.02' } });
    });
    after(() => h.close());

    test('after HANDOFF_TIMEOUT_MINUTES without a message the customer is told and the assistant answers again', async () => {
      const phone = '491700930005';
      await h.post(delivery({ messages: [textMsg(phone, 'wamid.HT1', 'Mitarbeiter bitte')] }));
      await waitFor('the handoff notice', () => h.sentTo(phone).length === 1);
      assert.match(h.sentTo(phone)[0]!.interactive.body.text, /Eine Person aus unserem Team/);
      await waitFor('the timeout', () => h.sentTo(phone).length === 2, { timeoutMs: 20_000 });
      assert.match(h.sentTo(phone)[1]!.text.body, /Sie sind wieder beim Assistenten/);
      const { rows } = await h.app.db.query('SELECT state, closed_by FROM handoffs WHERE customer_id = $1', [phone]);
      assert.deepEqual(rows, [{ state: 'closed', closed_by: 'timeout' }]);
      await h.post(delivery({ messages: [textMsg(phone, 'wamid.HT2', 'Termin bitte')] }));
      await waitFor('the assistant again', () => h.sentTo(phone).length === 3);
      assert.equal(h.sentTo(phone)[2]!.interactive.type, 'flow');
    });
  });
