import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDatabase, type Database, type Queryable } from '../../src/db/index.ts';
import { createDeliveryStore, storeDeliveries, storeDelivery } from '../../src/webhook/store.ts';

describe('webhook delivery store (group commit)', () => {
  let db: Database;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'flowbook-store-'));
    db = await openDatabase({ dataDir: dir });
  });
  after(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const bodyOf = async (id: number) =>
    (await db.query<{ body: Uint8Array }>('SELECT body FROM webhook_deliveries WHERE id = $1', [id])).rows[0]?.body;

  test('concurrent deliveries each get their own row, bytes and job', async () => {
    const store = createDeliveryStore(db, { maxBatch: 16 });
    const bodies = Array.from({ length: 100 }, (_, i) => Buffer.from(`{"n":${i},"x":"${'é'.repeat(i % 7)}"}`));
    const ids = await Promise.all(bodies.map((b) => store.store(b)));
    assert.equal(new Set(ids).size, 100);
    for (const [i, id] of ids.entries()) assert.deepEqual(Buffer.from((await bodyOf(id))!), bodies[i]);
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM jobs WHERE name = 'webhook.delivery' AND (payload->>'deliveryId')::bigint = ANY($1::bigint[])`,
      [ids],
    );
    assert.equal(rows[0]!.n, 100);
  });

  test('storeDeliveries returns ids in input order; empty input stores nothing', async () => {
    const ids = await storeDeliveries(db, [Buffer.from('a'), Buffer.from('b'), Buffer.from('c')]);
    assert.deepEqual(
      ids.map((_, i) => i),
      [0, 1, 2],
    );
    assert.deepEqual(await Promise.all(ids.map(async (id) => Buffer.from((await bodyOf(id))!).toString())), [
      'a',
      'b',
      'c',
    ]);
    assert.deepEqual(await storeDeliveries(db, []), []);
    assert.ok((await storeDelivery(db, Buffer.from('d'))) > ids[2]!);
  });

  test('a failed statement rejects every delivery in it, and the next batch still runs', async () => {
    let calls = 0;
    const flaky: Queryable = {
      async query(sql, params) {
        calls++;
        if (calls === 2) throw new Error('disk full');
        return db.query(sql, params);
      },
      exec: (sql) => db.exec(sql),
    };
    const store = createDeliveryStore(flaky);
    assert.ok((await store.store(Buffer.from('first'))) > 0);
    const batch = [store.store(Buffer.from('x')), store.store(Buffer.from('y'))];
    for (const p of batch) await assert.rejects(p, /disk full/);
    assert.ok((await store.store(Buffer.from('after'))) > 0);
    assert.equal(calls, 3);
  });

  test('deliveries that arrive in one turn of the event loop share one statement; any bytes survive', async () => {
    const statements: number[] = [];
    const counting: Queryable = {
      query(sql, params) {
        statements.push((params![0] as unknown[]).length);
        return db.query(sql, params);
      },
      exec: (sql) => db.exec(sql),
    };
    const store = createDeliveryStore(counting, { maxBatch: 8 });
    const bodies = Array.from({ length: 20 }, (_, i) => Buffer.from([0, 0xff, i, 0xc3, 0x28, 0x0a]));
    const ids = await Promise.all(bodies.map((b) => store.store(b)));
    assert.deepEqual(statements, [8, 8, 4]);
    for (const [i, id] of ids.entries()) assert.deepEqual(Buffer.from((await bodyOf(id))!), bodies[i]);
  });
});
