import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { contractOf, FLOW_FILES } from './contract.ts';
import { walkerFor } from './flow-walker.ts';
import { startTestApp, type TestApp } from './helpers.ts';

/**
 * Every screen the endpoint answers is one the routing model allows from the screen it was asked on
 * (docs/protocol.md §2.4), for both Flows flowbook serves, with the routing model and schemas read
 * from each Flow JSON file: INIT, BACK from every screen, data_exchange from every screen with good
 * and bad input, lost slots, a used-up token and a screen the Flow does not have. A request no screen
 * may answer is refused without one (400; 427 for a used-up token).
 */
const PERSON = { name: 'Jane Doe', email: 'jane@example.com', phone: '+44 20 7946 0000', more_details: '' };
type Choice = { department: string; location: string; date: string; time: string };

for (const kind of ['flowbook', 'builder'] as const) {
  const file = FLOW_FILES[kind];
  const contract = contractOf(file);
  const screens: string[] = JSON.parse(readFileSync(file, 'utf8')).screens.map((s: { id: string }) => s.id);

  describe(`the contract of ${file.split('/').at(-1)}`, () => {
    let app: TestApp;
    const asked = new Set<string>();
    before(async () => {
      app = await startTestApp({ FLOW_JSON: file });
    });
    after(() => app.dispose());

    /** One request; a 200 must satisfy the contract, anything else must be `expected`. */
    async function ask(
      token: string,
      action: string,
      screen: string | undefined,
      data?: Record<string, unknown>,
      expected = 200,
    ): Promise<any> {
      asked.add(`${action} ${screen ?? ''}`);
      const request = {
        version: '3.0',
        action,
        flow_token: token,
        ...(screen ? { screen } : {}),
        ...(data ? { data } : {}),
      };
      const { status, body } = await app.flow(request);
      assert.equal(status, expected, `${action} ${screen}: ${JSON.stringify(body)}`);
      if (status === 200)
        assert.deepEqual(contract({ action, screen }, body), [], `${action} ${screen}: ${JSON.stringify(body)}`);
      return body;
    }
    const details = (choice: Choice, person: Record<string, unknown> = PERSON) =>
      kind === 'builder' ? { ...choice, ...person } : person;
    const summary = (choice: Choice, person: Record<string, unknown> = PERSON, terms = true) =>
      kind === 'builder' ? { ...choice, ...person } : { ...person, terms };

    /** A session on SUMMARY with a hold, reached through the Flow file's own actions. */
    async function onSummary(phone: string, choice: Choice) {
      const token = app.mint(phone);
      const flow = walkerFor(file, (action, screen, data) =>
        app.flow({ version: '3.0', action, flow_token: token, screen, data }),
      );
      await flow.init();
      await flow.submit(choice);
      assert.equal(flow.top.id, 'DETAILS');
      assert.equal((await flow.submit(PERSON)).frame.id, 'SUMMARY');
      return token;
    }

    async function freeTime(department: string, location: string, date: string, index = 0): Promise<Choice> {
      const answer = await ask(app.mint(), 'data_exchange', 'APPOINTMENT', {
        trigger: 'date_selected',
        department,
        location,
        date,
      });
      const times = (answer.data.time as Array<{ id: string; enabled?: boolean }>).filter((t) => t.enabled !== false);
      return { department, location, date, time: times[index]!.id };
    }

    it('INIT and every APPOINTMENT trigger, good and bad', async () => {
      const token = app.mint();
      assert.equal((await ask(token, 'INIT', undefined)).screen, 'APPOINTMENT');
      const choice = await freeTime('beauty', 'covent-garden', '2026-11-24');
      await ask(token, 'data_exchange', 'APPOINTMENT', { trigger: 'department_selected', department: 'beauty' });
      await ask(token, 'data_exchange', 'APPOINTMENT', {
        trigger: 'location_selected',
        department: 'beauty',
        location: 'covent-garden',
      });
      await ask(token, 'data_exchange', 'APPOINTMENT', { trigger: 'department_selected', department: 'nope' });
      await ask(token, 'data_exchange', 'APPOINTMENT', {
        trigger: 'location_selected',
        department: 'beauty',
        location: 'piccadilly',
      });
      await ask(token, 'data_exchange', 'APPOINTMENT', { trigger: 'date_selected', ...choice, date: '2020-01-01' });
      await ask(token, 'data_exchange', 'APPOINTMENT', { trigger: 42 });
      await ask(token, 'data_exchange', 'APPOINTMENT', { trigger: 'continue', department: 'beauty' });
      await ask(token, 'data_exchange', 'APPOINTMENT', { trigger: 'continue', ...choice, time: '03:00' });
      assert.equal(
        (await ask(token, 'data_exchange', 'APPOINTMENT', { trigger: 'continue', ...choice })).screen,
        'DETAILS',
      );
    });

    it("every APPOINTMENT input's on-select-action as the file sends it, for a service taken by staff", async () => {
      const token = app.mint();
      const flow = walkerFor(file, async (action, screen, data) => ({
        status: 200,
        body: await ask(token, action, screen, data),
      }));
      await flow.init();
      // What the file's inputs send: service, person (flowbook's Flow only), location, date.
      const inputs = JSON.parse(readFileSync(file, 'utf8'))
        .screens[0].layout.children.flatMap((c: any) => [c, ...(c.children ?? [])])
        .filter((c: any) => c['on-select-action']);
      const form: Record<string, unknown> = {
        department: 'haircut',
        staff: 'ben',
        location: 'kings-cross',
        date: '2026-11-25',
      };
      const triggers: string[] = [];
      for (const input of inputs) {
        const sent = await flow.select(input.name, String(form[input.name]), form);
        triggers.push(input['on-select-action'].payload.trigger);
        assert.equal(sent.id, 'APPOINTMENT');
        assert.equal(sent.data.error_message, undefined, `${input.name}: ${JSON.stringify(sent.data)}`);
      }
      const expected =
        kind === 'flowbook'
          ? ['service_selected', 'staff_selected', 'location_selected', 'date_selected']
          : ['department_selected', 'location_selected', 'date_selected'];
      assert.deepEqual(triggers, expected);
      assert.ok((flow.top.data.time as unknown[]).length > 0);
      // A person who does not take the service, and one who does not work at the location.
      for (const bad of [{ staff: 'chloe' }, { staff: 'ana', location: 'oxford-street' }]) {
        const trigger = 'location' in bad ? 'location_selected' : 'staff_selected';
        const answer = await ask(token, 'data_exchange', 'APPOINTMENT', { trigger, department: 'haircut', ...bad });
        if (kind === 'flowbook') assert.ok(answer.data.error_message, JSON.stringify(bad));
      }
    });

    it('DETAILS: bad input, no slot, unknown options, a lost slot, then SUMMARY', async () => {
      const choice = await freeTime('clothing', 'oxford-street', '2026-11-24');
      const token = await onSummary('447700900401', choice);
      for (const bad of [{ email: 'nope' }, { phone: '12' }, { name: '' }]) {
        const answer = await ask(token, 'data_exchange', 'DETAILS', details(choice, { ...PERSON, ...bad }));
        assert.equal(answer.screen, 'DETAILS');
        assert.ok(answer.data.error_message);
      }
      const fresh = await ask(
        app.mint(),
        'data_exchange',
        'DETAILS',
        details(await freeTime('clothing', 'oxford-street', '2026-11-24', 1)),
      );
      if (kind === 'flowbook') assert.match(fresh.data.error_message, /taken/, 'no hold: the time is gone');
      else assert.equal(fresh.screen, 'SUMMARY', 'the template names the slot: it is held now');
      await ask(app.mint(), 'data_exchange', 'DETAILS', { ...details(choice), location: 'atlantis' });
      await ask(app.mint(), 'data_exchange', 'DETAILS', { ...details(choice), department: 'beauty', time: '' });
      // Capacity 1, held by someone else: the template's DETAILS finds it gone.
      const taken = await freeTime('home', 'piccadilly', '2026-11-24');
      await onSummary('447700900402', taken);
      const lost = await ask(app.mint(), 'data_exchange', 'DETAILS', { ...taken, ...PERSON });
      assert.equal(lost.screen, 'DETAILS');
      assert.match(lost.data.error_message, /taken/);
      assert.equal((await ask(token, 'data_exchange', 'DETAILS', details(choice))).screen, 'SUMMARY');
    });

    it('SUMMARY: terms, tampered details, no hold, a lost slot, SUCCESS, its retry, then 427', async () => {
      const choice = await freeTime('electronics', 'kings-cross', '2026-11-24');
      const token = await onSummary('447700900403', choice);
      if (kind === 'flowbook') {
        const noTerms = await ask(token, 'data_exchange', 'SUMMARY', summary(choice, PERSON, false));
        assert.match(noTerms.data.error_message, /terms/);
      }
      const tampered = await ask(token, 'data_exchange', 'SUMMARY', summary(choice, { ...PERSON, email: 'x' }));
      assert.equal(tampered.screen, 'SUMMARY');
      const noHold = await ask(app.mint(), 'data_exchange', 'SUMMARY', { ...PERSON, terms: true });
      assert.equal(noHold.screen, 'SUMMARY', 'never DETAILS: SUMMARY routes only to TERMS');
      assert.ok(noHold.data.error_message);
      const done = await ask(token, 'data_exchange', 'SUMMARY', summary(choice));
      assert.equal(done.screen, 'SUCCESS');
      assert.equal((await ask(token, 'data_exchange', 'SUMMARY', summary(choice))).screen, 'SUCCESS');
      for (const [action, screen] of [
        ['INIT', undefined],
        ['BACK', 'DETAILS'],
        ['data_exchange', 'APPOINTMENT'],
      ] as const) {
        const used = await ask(
          token,
          action,
          screen,
          action === 'data_exchange' ? { trigger: 'department_selected' } : undefined,
          427,
        );
        assert.equal(typeof used.error_msg, 'string', 'the 427 body decrypts to {error_msg}');
      }

      const lostChoice = await freeTime('home', 'piccadilly', '2026-11-25');
      const loser = await onSummary('447700900404', lostChoice);
      const start = app.clock();
      app.setNow(start + 11 * 60_000); // the 10-minute hold expired, and someone else took the time
      try {
        await onSummary('447700900405', lostChoice);
        const lost = await ask(loser, 'data_exchange', 'SUMMARY', summary(lostChoice));
        assert.equal(lost.screen, 'SUMMARY');
        assert.match(lost.data.error_message, /taken/);
      } finally {
        app.setNow(start);
      }
    });

    it('BACK and data_exchange from every screen of the file, and from one it does not have', async () => {
      const choice = await freeTime('beauty', 'covent-garden', '2026-11-26');
      const token = await onSummary('447700900406', choice);
      const backAnswers: Record<string, string> = { DETAILS: 'APPOINTMENT', SUMMARY: 'DETAILS' };
      for (const screen of [...screens, 'NOWHERE']) {
        // APPOINTMENT has no screen before it; TERMS and NOWHERE do not declare refresh_on_back.
        const back = await ask(token, 'BACK', screen, undefined, backAnswers[screen] ? 200 : 400);
        if (backAnswers[screen]) assert.equal(back.screen, backAnswers[screen]);
      }
      assert.equal((await ask(token, 'data_exchange', 'TERMS', {})).screen, 'TERMS');
      await ask(token, 'data_exchange', 'NOWHERE', {}, 400);
      await ask(token, 'data_exchange', undefined, {}, 400);
      for (const screen of screens) {
        for (const action of ['BACK', 'data_exchange'])
          assert.ok(asked.has(`${action} ${screen}`), `${action} ${screen} untested`);
      }
    });
  });
}
