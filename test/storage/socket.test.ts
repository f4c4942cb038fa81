import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { openTestDatabase, type TestDatabase } from './helpers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// exposeSocket is the embedded engine's bridge for pg-boss; these are the races measured in docs/storage.md.
describe('PGlite exposed over pglite-socket', () => {
  let t: TestDatabase;
  let url: string;
  const clients: pg.Client[] = [];
  async function connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url, query_timeout: 5000 });
    client.on('error', () => undefined);
    await client.connect();
    clients.push(client);
    return client;
  }
  before(async () => {
    t = await openTestDatabase('pglite');
    await t.db.exec('CREATE TABLE probe (x int)');
    url = await t.db.exposeSocket({ maxConnections: 3 });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await t.cleanup();
  });

  test('serves the migrated database on 127.0.0.1 up to maxConnections clients', async () => {
    assert.match(url, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres/);
    const [a, b, c] = [await connect(), await connect(), await connect()];
    const tables = await a.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'bookings'");
    assert.equal(tables.rows[0].n, 1);
    assert.equal((await b.query('SELECT 2 AS v')).rows[0].v, 2);
    assert.equal((await c.query('SELECT 3 AS v')).rows[0].v, 3);
    await assert.rejects(connect());
  });

  test('a socket query never runs inside an in-process transaction', async () => {
    const client = clients[0]!;
    const tx = t.db.transaction(async (q) => {
      await q.query('INSERT INTO probe VALUES (1)');
      await sleep(150); // holds the transaction open on purpose while the socket query runs
      throw new Error('roll back');
    });
    const rolledBack = assert.rejects(tx, /roll back/);
    await sleep(30); // on purpose: lets the transaction start, so the socket query comes in the middle of it
    const seen = await client.query('SELECT count(*)::int AS n FROM probe');
    await rolledBack;
    assert.equal(seen.rows[0].n, 0);
  });

  test('an in-process write waits for an open socket transaction instead of joining it', async () => {
    const client = clients[1]!;
    await client.query('BEGIN');
    await client.query('INSERT INTO probe VALUES (2)');
    const write = t.db.query('INSERT INTO probe VALUES (3)');
    await sleep(30); // on purpose: time for the write to join the socket transaction, which it must not do
    await client.query('ROLLBACK');
    await write;
    const rows = await t.db.query<{ x: number }>('SELECT x FROM probe ORDER BY x');
    assert.deepEqual(rows.rows, [{ x: 3 }]);
  });

  test('socket and in-process transactions interleave without losing rows', async () => {
    await t.db.exec('TRUNCATE probe');
    await Promise.all([
      ...clients.slice(0, 3).map(async (client, i) => {
        for (let k = 0; k < 30; k++) {
          await client.query('BEGIN');
          await client.query('INSERT INTO probe VALUES ($1)', [i]);
          await client.query('COMMIT');
        }
      }),
      (async () => {
        for (let k = 0; k < 30; k++)
          await t.db.transaction(async (q) => void (await q.query('INSERT INTO probe VALUES (9)')));
      })(),
    ]);
    assert.equal((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM probe')).rows[0]!.n, 120);
  });
});
