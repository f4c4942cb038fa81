// Queue benchmark (docs/jobs.md): pg-boss 10.4 against flowbook's own jobs table (src/jobs/), on the
// embedded PGlite (pg-boss through db.exposeSocket) and on a PostgreSQL server
// (scripts/pg-server.mjs). Same loop for both: producers send N small jobs, consumers fetch up to
// 10 at a time and complete each; latency is send start → complete. Also: pg-boss start-up (schema
// creation) and whether a send can join the application's transaction (outbox).
// Usage: npx tsx bench/queue.ts [jobs]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import PgBoss from 'pg-boss';
import { openDatabase, type Database, type Queryable } from '../src/db/index.ts';
import { claimJobs, completeJob } from '../src/jobs/queue.ts';
import { enqueue } from '../src/jobs/registry.ts';
// @ts-expect-error plain .mjs helper without types
import { startPgServer, stopPgServer } from '../scripts/pg-server.mjs';

const N = Number(process.argv[2] ?? 2000);
const PRODUCERS = 8;
const CONSUMERS = 4;
const QUEUE = 'bench';

interface Ops {
  send(i: number): Promise<void>;
  fetch(): Promise<Array<{ id: string; i: number }>>;
  complete(id: string): Promise<void>;
}

const pct = (xs: number[], p: number) =>
  xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

/** N jobs through `ops`; returns jobs/s end to end and send→complete latency percentiles. */
async function run(ops: Ops) {
  const sentAt = new Array<number>(N);
  const latency: number[] = [];
  let next = 0;
  const started = performance.now();
  let sendDone = 0;
  const producers = Array.from({ length: PRODUCERS }, async () => {
    while (next < N) {
      const i = next++;
      sentAt[i] = performance.now();
      await ops.send(i);
    }
    sendDone = performance.now();
  });
  const consumers = Array.from({ length: CONSUMERS }, async () => {
    while (latency.length < N) {
      const jobs = await ops.fetch();
      if (jobs.length === 0) {
        await new Promise((r) => setTimeout(r, 2));
        continue;
      }
      for (const job of jobs) {
        await ops.complete(job.id);
        latency.push(performance.now() - sentAt[job.i]!);
      }
    }
  });
  await Promise.all([...producers, ...consumers]);
  const seconds = (performance.now() - started) / 1000;
  return {
    perSecond: N / seconds,
    sendPerSecond: N / ((sendDone - started) / 1000),
    p50: pct(latency, 50),
    p99: pct(latency, 99),
  };
}

function ownQueue(db: Database): Ops {
  return {
    send: async (i) => {
      await enqueue(db, 'webhook.delivery', { deliveryId: i });
    },
    fetch: async () =>
      (await claimJobs(db, 'bench', 10, 60_000)).map((j) => ({
        id: String(j.id),
        i: (j.payload as { deliveryId: number }).deliveryId,
      })),
    complete: (id) => completeJob(db, Number(id)),
  };
}

function bossQueue(boss: PgBoss): Ops {
  return {
    send: async (i) => {
      await boss.send(QUEUE, { i });
    },
    fetch: async () =>
      ((await boss.fetch<{ i: number }>(QUEUE, { batchSize: 10 })) ?? []).map((j) => ({ id: j.id, i: j.data.i })),
    complete: async (id) => {
      await boss.complete(QUEUE, id);
    },
  };
}

/** pg-boss's `db` option: its SQL runs on whatever flowbook hands it (here, an open transaction). */
const executor = (q: Queryable) => ({ executeSql: (text: string, values?: unknown[]) => q.query(text, values ?? []) });

/** Does a send join the caller's transaction? Rolled back → no job; committed → one job. */
async function outbox(
  db: Database,
  send: (tx: Queryable, marker: string) => Promise<void>,
  count: (marker: string) => Promise<number>,
) {
  await db.exec('CREATE TABLE IF NOT EXISTS bench_orders (marker text PRIMARY KEY)');
  const attempt = async (commit: boolean) => {
    const marker = `m${Math.random()}`;
    try {
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO bench_orders (marker) VALUES ($1)', [marker]);
        await send(tx, marker);
        if (!commit) throw new Error('rollback');
      });
    } catch (error) {
      if ((error as Error).message !== 'rollback') return `error: ${(error as Error).message}`;
    }
    return count(marker);
  };
  const rolledBack = await attempt(false);
  const committed = await attempt(true);
  return rolledBack === 0 && committed === 1
    ? 'yes (rollback → 0 jobs, commit → 1)'
    : `no (rollback → ${rolledBack}, commit → ${committed})`;
}

async function engine(name: string, db: Database, url: string, bossMax: number) {
  const rows: string[] = [];
  const own = await run(ownQueue(db));
  const ownOutbox = await outbox(
    db,
    async (tx, marker) => {
      await enqueue(tx, 'webhook.delivery', { deliveryId: 0 }, { dedupKey: marker });
    },
    async (marker) =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM jobs WHERE dedup_key = $1', [marker])).rows[0]!.n,
  );
  rows.push(
    `| ${name} | src/jobs | — | ${own.sendPerSecond.toFixed(0)} | ${own.perSecond.toFixed(0)} | ${own.p50.toFixed(1)} | ${own.p99.toFixed(1)} | ${ownOutbox} |`,
  );

  const t0 = performance.now();
  const boss = new PgBoss({ connectionString: url, max: bossMax });
  boss.on('error', (e) => console.warn(`  pg-boss error: ${e.message}`));
  await boss.start();
  await boss.createQueue(QUEUE);
  const startMs = performance.now() - t0;
  const b = await run(bossQueue(boss));
  const bossOutbox = await outbox(
    db,
    async (tx, marker) => {
      await boss.send(QUEUE, { i: -1, marker }, { db: executor(tx) });
    },
    async (marker) =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'marker' = $1`, [marker]))
        .rows[0]!.n,
  );
  rows.push(
    `| ${name} | pg-boss 10.4 (max ${bossMax}) | ${startMs.toFixed(0)} ms | ${b.sendPerSecond.toFixed(0)} | ${b.perSecond.toFixed(0)} | ${b.p50.toFixed(1)} | ${b.p99.toFixed(1)} | ${bossOutbox} |`,
  );
  await boss.stop({ graceful: false, wait: true });
  return rows;
}

const rows: string[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'flowbook-queue-'));
try {
  const db = await openDatabase({ dataDir: dir });
  const url = await db.exposeSocket({ maxConnections: 4 });
  rows.push(...(await engine('PGlite', db, url, 4)));
  await db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const server = await startPgServer();
try {
  const db = await openDatabase({ databaseUrl: server.url, dataDir: dir });
  rows.push(...(await engine('PostgreSQL 15', db, server.url, 10)));
  await db.close();
} finally {
  stopPgServer(server);
}
console.log(
  `Queue bench: ${cpus().length} cores (${cpus()[0]?.model}), Node ${process.versions.node}, ${N} jobs, ${PRODUCERS} producers, ${CONSUMERS} consumers (fetch ≤ 10, complete each)`,
);
console.log(
  '\n| engine | queue | start-up | sends/s | send→complete jobs/s | p50 ms | p99 ms | send joins app transaction |\n|---|---|---|---|---|---|---|---|',
);
for (const row of rows) console.log(row);
