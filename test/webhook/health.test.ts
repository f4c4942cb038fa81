import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SANDBOX_IDS } from '../../src/config.ts';
import { ENGINES } from '../storage/helpers.ts';
import { metaError } from '../whatsapp/graph-server.ts';
import { bookFor, delivery, nfmMsg, startHarness, textMsg, type Harness } from './harness.ts';

const FLOW = SANDBOX_IDS.flowId;
const flowStatus = (from: string, to: string) => ({
  event: 'FLOW_STATUS_CHANGE',
  message: `Flow Appointment changed status from ${from} to ${to}`,
  flow_id: FLOW,
  old_status: from,
  new_status: to,
});
const templateEvent = (event: string, language = 'en_US', extra: Record<string, unknown> = {}) => ({
  event,
  message_template_id: 7001,
  message_template_name: 'appointment_confirmation',
  message_template_language: language,
  reason: event === 'PAUSED' ? 'LOW_QUALITY' : 'NONE',
  ...extra,
});

for (const engine of ENGINES)
  describe(`Flow health and template states from webhooks [${engine}]`, () => {
    let h: Harness;
    let n = 0;
    before(async () => {
      h = await startHarness({ engine });
    });
    after(() => h.close());

    /** A customer writes "appointment"; returns what they were sent. */
    async function askToBook(): Promise<Array<Record<string, any>>> {
      const phone = `4477009011${String(++n).padStart(2, '0')}`;
      await h.post(delivery({ messages: [textMsg(phone, `wamid.HB${n}`, 'appointment')] }));
      await h.idle();
      return h.sentTo(phone);
    }
    async function event(value: unknown, field: string): Promise<void> {
      assert.equal((await h.post(delivery(value as never, field))).statusCode, 200);
      await h.idle();
    }
    async function api(path: string): Promise<any> {
      const res = await h.app.server.inject({ url: path, headers: { authorization: 'Bearer admin-token' } });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    }
    /** A customer completes a booking; returns the type of what confirmed it and its outbox row. */
    async function confirm(slot: number): Promise<{ types: string[]; error: number | null }> {
      const phone = `4477009022${String(slot).padStart(2, '0')}`;
      // Held: the completion (which opens the 24-hour window for the text fallback) confirms it.
      const { token } = await bookFor(h.app, phone, { slot, held: true });
      await h.post(delivery({ messages: [nfmMsg(phone, `wamid.HC${slot}`, { flow_token: token })] }));
      await h.idle();
      const { rows } = await h.app.db.query<{ error_code: number | null }>(
        `SELECT error_code FROM outbound_messages WHERE kind = 'confirmation' AND customer_phone = $1`,
        [phone],
      );
      return { types: h.sentTo(phone).map((m) => m.type), error: rows[0]?.error_code ?? null };
    }

    test('BLOCKED stops Flow messages: the customer is told how else to book; PUBLISHED resumes them', async () => {
      assert.equal((await askToBook())[0]!.interactive?.type, 'flow');
      await event(flowStatus('PUBLISHED', 'BLOCKED'), 'flows');
      const [paused, ...more] = await askToBook();
      assert.equal(more.length, 0);
      assert.equal(paused!.type, 'text');
      assert.match(paused!.text.body, /paused/);
      assert.match(paused!.text.body, /\+44 20 7946 0000/, "the catalog's phone");
      assert.match(paused!.text.body, /https:\/\/book\.example\.com\/flowbook-demo/, "the catalog's booking page");
      const report = await api('/api/flows');
      assert.equal(report.sendable, false);
      assert.deepEqual(
        report.flows.map((f: any) => [f.flowId, f.status, f.previousStatus, f.source]),
        [[FLOW, 'BLOCKED', 'PUBLISHED', 'webhook']],
      );
      assert.equal(report.alerts[0].event, 'FLOW_STATUS_CHANGE');

      await event(flowStatus('BLOCKED', 'PUBLISHED'), 'flows');
      assert.equal((await askToBook())[0]!.interactive?.type, 'flow');
      assert.equal((await api('/api/flows')).sendable, true);
    });

    test('THROTTLED lets about ten Flow messages an hour through, then the customer gets the text', async () => {
      await h.app.db.exec(`UPDATE outbound_messages SET created_at = now() - interval '2 hours' WHERE kind = 'flow'`);
      await event(flowStatus('PUBLISHED', 'THROTTLED'), 'flows');
      const kinds: string[] = [];
      for (let i = 0; i < 11; i++) kinds.push((await askToBook())[0]!.type);
      assert.deepEqual(kinds, [...Array(10).fill('interactive'), 'text']);
      await event(flowStatus('THROTTLED', 'PUBLISHED'), 'flows');
      assert.equal((await askToBook())[0]!.type, 'interactive');
    });

    test('a Flow message Meta refuses as blocked (132068): the text goes instead and later customers get it at once', async () => {
      const answer = h.graph.fallback;
      h.graph.fallback = (req) =>
        (req.json() as { type?: string })?.type === 'interactive'
          ? { status: 400, json: metaError(132068, 'Flow is blocked') }
          : answer(req);
      try {
        const sent = await askToBook();
        assert.deepEqual(
          sent.map((m) => m.type),
          ['interactive', 'text'],
          'the refused Flow message, then how else to book',
        );
        assert.match(sent[1]!.text.body, /paused/);
        const report = await api('/api/flows');
        assert.deepEqual(
          report.flows.map((f: any) => [f.status, f.source]),
          [['BLOCKED', 'send']],
        );
        assert.deepEqual(
          (await askToBook()).map((m) => m.type),
          ['text'],
          'no Flow message is tried while blocked',
        );
      } finally {
        h.graph.fallback = answer;
      }
      await event(flowStatus('BLOCKED', 'PUBLISHED'), 'flows');
    });

    test('FLAGGED keeps a template sendable; PAUSED and DISABLED refuse it (132015, 132016); REINSTATED and UNARCHIVED restore it', async () => {
      await event(templateEvent('APPROVED'), 'message_template_status_update');
      await event(templateEvent('FLAGGED'), 'message_template_status_update');
      assert.deepEqual(await confirm(1), { types: ['template'], error: null }, 'FLAGGED: still sent');

      await event(templateEvent('PAUSED'), 'message_template_status_update');
      assert.deepEqual(await confirm(2), { types: ['text'], error: 132015 });
      await event(templateEvent('REINSTATED'), 'message_template_status_update');
      assert.deepEqual(await confirm(3), { types: ['template'], error: null }, 'REINSTATED: sent again');

      await event(templateEvent('ARCHIVED'), 'message_template_status_update');
      assert.deepEqual(await confirm(4), { types: ['text'], error: 132001 });
      await event(templateEvent('UNARCHIVED'), 'message_template_status_update');
      assert.deepEqual(await confirm(5), { types: ['template'], error: null }, 'UNARCHIVED: back to APPROVED');

      await event(templateEvent('DISABLED'), 'message_template_status_update');
      assert.deepEqual(await confirm(6), { types: ['text'], error: 132016 });

      const { templates } = await api('/api/templates');
      const row = templates.find((t: any) => t.name === 'appointment_confirmation' && t.language === 'en_US');
      assert.equal(row.status, 'DISABLED');
      assert.equal(row.lastEvent, 'DISABLED');
      assert.equal(row.sendable, false);
      await event(templateEvent('APPROVED'), 'message_template_status_update');
    });

    test('category and quality updates are recorded; a move to MARKETING is marked for the operator', async () => {
      const ids = {
        message_template_id: 7002,
        message_template_name: 'appointment_reminder',
        message_template_language: 'ar',
      };
      await event({ ...ids, previous_category: 'UTILITY', new_category: 'MARKETING' }, 'template_category_update');
      await event(
        { ...ids, previous_quality_score: 'GREEN', new_quality_score: 'RED' },
        'message_template_quality_update',
      );
      const { templates } = await api('/api/templates');
      const row = templates.find((t: any) => t.name === 'appointment_reminder' && t.language === 'ar');
      assert.equal(row.category, 'MARKETING');
      assert.equal(row.previousCategory, 'UTILITY');
      assert.ok(row.marketingAt, 'the move to MARKETING is marked');
      assert.equal(row.quality, 'RED');
      assert.equal(row.status, null, 'no state was reported: still sent, Meta decides');
      assert.equal(row.sendable, true);

      const impending = {
        ...ids,
        message_template_language: 'fr',
        new_category: 'UTILITY',
        correct_category: 'MARKETING',
      };
      await event(impending, 'template_category_update');
      const fr = (await api('/api/templates')).templates.find(
        (t: any) => t.name === 'appointment_reminder' && t.language === 'fr',
      );
      assert.equal(fr.category, 'UTILITY', 'an announced change is not applied yet');
      assert.ok(fr.marketingAt, 'but it is marked');
    });
  });
