import assert from 'node:assert/strict';
import { ENGINES } from '../storage/helpers.ts';
import { after, before, describe, test } from 'node:test';
import { delivery, replyMsg, startHarness, textMsg, type Harness } from './harness.ts';

for (const engine of ENGINES)
  describe(`the explicit language choice (docs/templates.md) [${engine}]`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ engine });
    });
    after(() => h.close());

    test('"language" lists the languages; the choice is stored and outranks the keyword and the calling code', async () => {
      const phone = '447700900321';
      await h.post(delivery({ messages: [textMsg(phone, 'wamid.LANG1', 'Language?')] }));
      await h.idle();
      const [menu] = h.sentTo(phone);
      assert.equal(menu!.interactive.type, 'list');
      const rows = menu!.interactive.action.sections[0].rows as Array<{ id: string; title: string }>;
      assert.equal(rows.length, 10);
      assert.ok(rows.some((r) => r.id === 'lang:fa' && r.title === 'فارسی'));

      await h.post(delivery({ messages: [replyMsg(phone, 'wamid.LANG2', 'list_reply', 'lang:fa')] }));
      await h.idle();
      assert.match(h.sentTo(phone)[1]!.text.body, /فارسی/);
      const { rows: stored } = await h.app.db.query<{ language: string; language_chosen: boolean }>(
        'SELECT language, language_chosen FROM customers WHERE phone = $1',
        [phone],
      );
      assert.deepEqual(stored[0], { language: 'fa', language_chosen: true });

      // An English keyword from a +44 number would pick en_GB; the explicit choice wins.
      await h.post(delivery({ messages: [textMsg(phone, 'wamid.LANG3', 'I want to book an appointment')] }));
      await h.idle();
      const flow = h.sentTo(phone)[2]!;
      assert.equal(flow.interactive.type, 'flow');
      assert.equal(h.app.tokens.open(flow.interactive.action.parameters.flow_token, Date.now()).language, 'fa');
    });

    test('an unknown language code gets the list again; "idioma" and "لغة" ask too', async () => {
      const phone = '34600000001';
      await h.post(delivery({ messages: [replyMsg(phone, 'wamid.LANG4', 'list_reply', 'lang:xx_XX')] }));
      await h.post(delivery({ messages: [textMsg('966500000009', 'wamid.LANG5', 'لغة')] }));
      await h.post(delivery({ messages: [textMsg('34600000002', 'wamid.LANG6', 'cambiar idioma')] }));
      await h.idle();
      for (const who of [phone, '966500000009', '34600000002'])
        assert.equal(h.sentTo(who)[0]!.interactive.type, 'list', who);
    });
  });
