// Measures what pglite-socket 0.2.17 does with several connections and with in-process queries,
// raw and through flowbook's gate (src/db/pglite.ts). Run: npx tsx bench/pglite-socket.ts
// Findings are written up in docs/storage.md.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { openDatabase } from '../src/db/index.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function tryConnect(url: string): Promise<pg.Client | string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000, query_timeout: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return client;
  } catch (error) {
    return (error as Error).message;
  }
}

async function connections(url: string, n: number): Promise<{ ok: number; errors: string[]; clients: pg.Client[] }> {
  const results = await Promise.all(Array.from({ length: n }, () => tryConnect(url)));
  const clients = results.filter((r): r is pg.Client => typeof r !== 'string');
  return {
    ok: clients.length,
    errors: [...new Set(results.filter((r): r is string => typeof r === 'string'))],
    clients,
  };
}

async function raw(maxConnections: number | undefined) {
  const db = await PGlite.create();
  await db.exec('CREATE TABLE t (x int)');
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    ...(maxConnections ? { maxConnections } : {}),
  });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  const c = await connections(url, 12);
  console.log(`raw, maxConnections=${maxConnections ?? 'default'}: ${c.ok}/12 connected`, c.errors);
  const client = c.clients[0]!;
  // 1. An in-process transaction is open; does a socket statement see its uncommitted row?
  const tx = db
    .transaction(async (t) => {
      await t.query('INSERT INTO t VALUES (1)');
      await sleep(200);
      throw new Error('rollback');
    })
    .catch(() => undefined);
  await sleep(50);
  const seen = await client.query('SELECT count(*)::int AS n FROM t').then(
    (r) => r.rows[0].n,
    (e: Error) => `error: ${e.message}`,
  );
  await tx;
  if (typeof seen === 'string') {
    console.log(
      `raw: a socket query during an in-process transaction: ${seen} (stalled; other clients stuck behind it)`,
    );
    await server.stop().catch(() => undefined);
    await db.close();
    return;
  }
  // 2. A socket transaction is open; does an in-process write get rolled back with it?
  await client.query('BEGIN');
  await client.query('INSERT INTO t VALUES (2)');
  await db.query('INSERT INTO t VALUES (3)');
  await client.query('ROLLBACK');
  const survived = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM t WHERE x = 3')).rows[0]!.n;
  console.log(
    `raw: socket saw uncommitted in-process row: ${seen === 1 ? true : seen}; in-process write lost to socket ROLLBACK: ${survived === 0}`,
  );
  await Promise.all(c.clients.map((cl) => cl.end()));
  await server.stop();
  await db.close();
}

async function gated() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flowbook-socket-'));
  const db = await openDatabase({ dataDir: dir });
  await db.exec('CREATE TABLE t (x int)');
  const url = await db.exposeSocket({ maxConnections: 8 });
  const c = await connections(url, 12);
  console.log(`gated, maxConnections=8: ${c.ok}/12 connected`, c.errors);
  const client = c.clients[0]!;
  const tx = db
    .transaction(async (t) => {
      await t.query('INSERT INTO t VALUES (1)');
      await sleep(200);
      throw new Error('rollback');
    })
    .catch(() => undefined);
  await sleep(50);
  const seen = (await client.query('SELECT count(*)::int AS n FROM t')).rows[0].n;
  await tx;
  await client.query('BEGIN');
  await client.query('INSERT INTO t VALUES (2)');
  const write = db.query('INSERT INTO t VALUES (3)');
  await sleep(50);
  await client.query('ROLLBACK');
  await write;
  const survived = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM t WHERE x = 3')).rows[0]!.n;
  console.log(
    `gated: socket saw uncommitted in-process row: ${seen === 1}; in-process write lost to socket ROLLBACK: ${survived === 0}`,
  );
  // Throughput: 8 socket clients × 200 single-row transactions, interleaved with in-process inserts.
  const started = performance.now();
  await Promise.all([
    ...c.clients.slice(0, 8).map(async (cl, i) => {
      for (let k = 0; k < 200; k++) {
        await cl.query('BEGIN');
        await cl.query('INSERT INTO t VALUES ($1)', [1000 + i]);
        await cl.query('COMMIT');
      }
    }),
    (async () => {
      for (let k = 0; k < 400; k++) await db.transaction(async (t) => void (await t.query('INSERT INTO t VALUES (9)')));
    })(),
  ]);
  const ms = performance.now() - started;
  const total = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM t WHERE x >= 1000 OR x = 9')).rows[0]!.n;
  console.log(`gated: 1600 socket + 400 in-process transactions in ${ms.toFixed(0)} ms; rows ${total}/2000`);
  await Promise.all(c.clients.map((cl) => cl.end()));
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}

await raw(undefined);
await raw(8);
await gated();
