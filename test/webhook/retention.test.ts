// Message and webhook rows past RETENTION_DAYS are pruned in batches; rows still needed stay (issue #21).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../src/log.ts';
import { addUserIfAbsent, openSession } from '../../src/console/users.ts';
import { pruneOnce, retentionJobs } from '../../src/privacy/retention.ts';
import { ENGINES } from '../storage/helpers.ts';
import { delivery, startHarness, statusOf, textMsg, type Harness } from './harness.ts';

const OLD = '447700980001';
const RECENT = '447700980002';
const DAY_MS = 86_400_000;

for (const engine of ENGINES)
  describe(`retention [${engine}]`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ engine });
    });
    after(() => h.close());

    const count = async (sql: string, params: unknown[] = []) =>
      (await h.app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]!.n;

    test('the job is queued at start and asks to run again; it removes expired console sessions', async () => {
      assert.equal(await count(`jobs WHERE name = 'retention.prune' AND state IN ('queued', 'running')`), 1);
      const now = new Date();
      const user = await addUserIfAbsent(
        h.app.db,
        { username: 'pruned', displayName: 'Pruned', role: 'owner', password: 'a long enough password' },
        now,
      );
      await openSession(h.app.db, user, new Date(now.getTime() - 8 * 86_400_000));
      const live = await openSession(h.app.db, user, now);
      const handler = retentionJobs(h.app.db, createLogger('silent'), { retentionDays: 30, clock: Date.now })[
        'retention.prune'
      ];
      const outcome = await handler(
        {},
        { id: 0, priority: 'bulk', attempt: 1, maxAttempts: 8, finishIn: async () => undefined },
      );
      assert.ok(outcome && outcome.delayUntil.getTime() > Date.now() + 60_000, 'nothing to do: an hour later');
      const sessions = await h.app.db.query<{ id: string }>(
        `SELECT id FROM console_sessions WHERE username = 'pruned'`,
      );
      assert.deepEqual(
        sessions.rows.map((r) => r.id),
        [live.session.id],
      );
    });

    test('old rows go in batches; recent ones, an unprocessed delivery, an unanswered and an unsent message stay', async () => {
      for (const [phone, id] of [
        [OLD, 'wamid.RT1'],
        [OLD, 'wamid.RT2'],
        [RECENT, 'wamid.RT3'],
      ] as const) {
        await h.post(delivery({ messages: [textMsg(phone, id, 'hello')] }));
      }
      await h.idle();
      const { rows: sent } = await h.app.db.query<{ wamid: string; customer_phone: string }>(
        'SELECT wamid, customer_phone FROM outbound_messages WHERE wamid IS NOT NULL',
      );
      await h.post(delivery({ statuses: sent.map((s) => statusOf(s.wamid, 'delivered', s.customer_phone)) }));
      await h.post(
        delivery({ event: 'APPROVED', message_template_name: 'rt' } as never, 'message_template_status_update'),
      );
      await h.idle();

      // Age everything but the recent customer's rows by 40 days.
      const aged = "now() - interval '40 days'";
      const db = h.app.db;
      await db.query(
        `UPDATE webhook_deliveries SET received_at = ${aged} WHERE position(convert_to($1, 'UTF8') in body) = 0`,
        [RECENT],
      );
      await db.query(`UPDATE webhook_events SET received_at = ${aged}`);
      await db.query(`UPDATE inbound_messages SET received_at = ${aged} WHERE customer_phone = $1`, [OLD]);
      await db.query(`UPDATE outbound_messages SET updated_at = ${aged} WHERE customer_phone = $1`, [OLD]);
      await db.query(
        `UPDATE message_statuses SET received_at = ${aged}
         WHERE wamid IN (SELECT wamid FROM outbound_messages WHERE customer_phone = $1)`,
        [OLD],
      );
      // Still needed, however old: a delivery never processed, a message not answered, one not sent.
      await db.query(`INSERT INTO webhook_deliveries (body, received_at) VALUES ('\\x7b7d', ${aged})`);
      await db.query("UPDATE inbound_messages SET handled_at = NULL WHERE wamid = 'wamid.RT2'");
      const { rows: pending } = await db.query<{ id: string }>(
        `UPDATE outbound_messages SET state = 'pending' WHERE id =
           (SELECT min(id) FROM outbound_messages WHERE customer_phone = $1) RETURNING id`,
        [OLD],
      );

      const before = new Date(Date.now() - 30 * DAY_MS);
      let batches = 0;
      while ((await pruneOnce(db, before, 1)) > 0) batches++;
      assert.ok(batches > 1, `batches of one row: ${batches}`);

      assert.deepEqual(
        (await db.query<{ wamid: string }>('SELECT wamid FROM inbound_messages ORDER BY wamid')).rows.map(
          (r) => r.wamid,
        ),
        ['wamid.RT2', 'wamid.RT3'],
      );
      assert.deepEqual(
        (await db.query<{ id: string }>('SELECT id FROM outbound_messages WHERE customer_phone = $1', [OLD])).rows.map(
          (r) => r.id,
        ),
        [pending[0]!.id],
      );
      assert.ok((await count('outbound_messages WHERE customer_phone = $1', [RECENT])) > 0);
      assert.equal(
        await count('message_statuses WHERE wamid IN (SELECT wamid FROM outbound_messages WHERE customer_phone = $1)', [
          RECENT,
        ]),
        await count('outbound_messages WHERE customer_phone = $1 AND wamid IS NOT NULL', [RECENT]),
      );
      assert.equal(
        await count('message_statuses'),
        await count('outbound_messages WHERE customer_phone = $1 AND wamid IS NOT NULL', [RECENT]),
      );
      assert.equal(await count('webhook_events'), 0);
      assert.equal(await count('webhook_deliveries WHERE processed_at IS NULL'), 1);
      // The recent customer's message, and the statuses delivery that names them too.
      assert.equal(await count('webhook_deliveries WHERE processed_at IS NOT NULL'), 2);
    });
  });
