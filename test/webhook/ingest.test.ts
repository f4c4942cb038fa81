// The webhook.delivery job on its own (src/webhook/ingest.ts): what one delivery costs in statements, how
// an item the database refuses becomes a dead letter, and that a failure which may pass leaves nothing behind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Database, Queryable } from '../../src/db/types.ts';
import { metaJson } from '../../src/http/signature.ts';
import { completeJob } from '../../src/jobs/queue.ts';
import type { JobContext } from '../../src/jobs/registry.ts';
import { createLogger } from '../../src/log.ts';
import { listDeadLetters } from '../../src/webhook/dead-letters.ts';
import { webhookJobs } from '../../src/webhook/ingest.ts';
import { storeDelivery } from '../../src/webhook/store.ts';
import { forEachEngine } from '../storage/helpers.ts';
import { PHONE_NUMBER_ID, statusOf } from './harness.ts';

/** A delivery of `statuses`, as Meta sends it. */
function statusDelivery(statuses: unknown[]): Buffer {
  return Buffer.from(
    metaJson({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'WABA1',
          changes: [
            {
              field: 'messages',
              value: { messaging_product: 'whatsapp', metadata: { phone_number_id: PHONE_NUMBER_ID }, statuses },
            },
          ],
        },
      ],
    }),
  );
}

/** `db` with its transactions' statements written down, in order. */
function recording(db: Database): { db: Database; statements: string[] } {
  const statements: string[] = [];
  const spy = (tx: Queryable): Queryable => ({
    query: (sql, params) => {
      statements.push(sql.trim().split(/\s+/).slice(0, 2).join(' '));
      return tx.query(sql, params);
    },
    exec: (sql) => tx.exec(sql),
  });
  return { db: { ...db, transaction: (fn) => db.transaction((tx) => fn(spy(tx))) }, statements };
}

/** Stores `body` as the webhook route does and runs its job once, as the worker would. */
async function ingestOnce(db: Database, body: Buffer) {
  const deliveryId = await storeDelivery(db, body);
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM jobs WHERE name = 'webhook.delivery' AND payload->>'deliveryId' = $1`,
    [String(deliveryId)],
  );
  const jobId = Number(rows[0]!.id);
  await db.query(`UPDATE jobs SET state = 'running' WHERE id = $1`, [jobId]);
  const context: JobContext = {
    id: jobId,
    priority: 'interactive',
    attempt: 1,
    maxAttempts: 8,
    finishIn: (tx) => completeJob(tx, jobId),
  };
  const handler = webhookJobs(db, createLogger('silent'))['webhook.delivery'];
  const outcome = await handler({ deliveryId }, context).then(
    () => undefined,
    (error: unknown) => error,
  );
  const state = async () => {
    const job = await db.query<{ state: string }>('SELECT state FROM jobs WHERE id = $1', [jobId]);
    const delivery = await db.query<{ processed: boolean }>(
      'SELECT processed_at IS NOT NULL AS processed FROM webhook_deliveries WHERE id = $1',
      [deliveryId],
    );
    return { job: job.rows[0]!.state, processed: delivery.rows[0]!.processed };
  };
  return { deliveryId, error: outcome, ...(await state()) };
}

/** Makes the database refuse a status row for `wamid` with `sqlstate`, as a constraint or a lost server would. */
async function refuseStatus(db: Database, wamid: string, sqlstate: string): Promise<() => Promise<void>> {
  await db.exec(`
    CREATE FUNCTION test_refuse_status() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.wamid = '${wamid}' THEN RAISE EXCEPTION 'refused for the test' USING ERRCODE = '${sqlstate}'; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER test_refuse_status BEFORE INSERT ON message_statuses
      FOR EACH ROW EXECUTE FUNCTION test_refuse_status();`);
  return () => db.exec('DROP TRIGGER test_refuse_status ON message_statuses; DROP FUNCTION test_refuse_status();');
}

const storedStatuses = async (db: Database, prefix: string) =>
  (
    await db.query<{ wamid: string }>('SELECT wamid FROM message_statuses WHERE wamid LIKE $1 ORDER BY wamid', [
      `${prefix}%`,
    ])
  ).rows.map((r) => r.wamid);

forEachEngine('the webhook.delivery job', (ctx) => {
  test('a one-status delivery is four statements in one transaction, which also ends its job', async () => {
    const { db, statements } = recording(ctx.db);
    const run = await ingestOnce(db, statusDelivery([statusOf('wamid.ING.one', 'delivered', '447700960001')]));
    assert.equal(run.error, undefined);
    assert.deepEqual(
      { job: run.job, processed: run.processed },
      { job: 'done', processed: true },
      'the delivery is processed and its job done by the same commit',
    );
    // Marking the delivery (its body comes back), the status, the outbound message it moves, the job.
    assert.deepEqual(statements, [
      'UPDATE webhook_deliveries',
      'INSERT INTO',
      'UPDATE outbound_messages',
      'UPDATE jobs',
    ]);
  });

  test('an item the database refuses is a dead letter; the items around it are stored once', async () => {
    const restore = await refuseStatus(ctx.db, 'wamid.ING.bad', '23514');
    try {
      const run = await ingestOnce(
        ctx.db,
        statusDelivery([
          statusOf('wamid.ING.ok1', 'delivered', '447700960002'),
          statusOf('wamid.ING.bad', 'delivered', '447700960002'),
          statusOf('wamid.ING.ok2', 'read', '447700960002'),
        ]),
      );
      assert.equal(run.error, undefined);
      assert.deepEqual({ job: run.job, processed: run.processed }, { job: 'done', processed: true });
      const letters = await listDeadLetters(ctx.db, { deliveryId: run.deliveryId });
      assert.deepEqual(
        letters.map((l) => l.path),
        ['entry[0].changes[0].value.statuses[1]'],
      );
      assert.match(letters[0]!.reason, /^23514: refused for the test$/);
      assert.deepEqual(await storedStatuses(ctx.db, 'wamid.ING.ok'), ['wamid.ING.ok1', 'wamid.ING.ok2']);
    } finally {
      await restore();
    }
  });

  test('a failure that may pass rolls the whole delivery back: nothing stored, no dead letter, the job not done', async () => {
    const restore = await refuseStatus(ctx.db, 'wamid.ING.lost', '08006');
    try {
      const run = await ingestOnce(
        ctx.db,
        statusDelivery([
          statusOf('wamid.ING.before', 'delivered', '447700960003'),
          statusOf('wamid.ING.lost', 'delivered', '447700960003'),
        ]),
      );
      assert.match(String((run.error as Error | undefined)?.message), /refused for the test/);
      assert.deepEqual({ job: run.job, processed: run.processed }, { job: 'running', processed: false });
      assert.deepEqual(await listDeadLetters(ctx.db, { deliveryId: run.deliveryId }), []);
      assert.deepEqual(await storedStatuses(ctx.db, 'wamid.ING.before'), []);
    } finally {
      await restore();
    }
  });
});
