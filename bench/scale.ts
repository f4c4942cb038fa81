// Two flowbook instances on one PostgreSQL server (issue #21, docs/operations.md), against a Graph
// stand-in on loopback that notes when each message reaches it:
// 1. Reminder burst: 10,000 reminders due in the same minute (2,000 customers × 5) drain at the
//    per-number limit (SEND_RATE_PER_SECOND, Meta's 80/s), never above it in any one-second window,
//    and never two to one customer within the pair interval (6 s).
// 2. Peak ingest: 600 webhook requests/s for 60 s, shared by both instances (statuses for the
//    burst's messages, and one in ten a customer's text), open loop: the rate does not slow when the
//    servers do. Reported: the HTTP answer times, and receipt → processed from `webhook_deliveries`
//    (the partners' standard: median < 250 ms, < 1 % over 1 s), and whether every 200 was kept.
// Usage: npx tsx bench/scale.ts [reminders] [ingest seconds]
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../src/db/index.ts';
import { metaJson, signBody } from '../src/http/signature.ts';
// @ts-expect-error plain .mjs helper without types
import { startPgServer, stopPgServer } from '../scripts/pg-server.mjs';
import { SECRET, startFlowbook } from './lib.ts';

const REMINDERS = Number(process.argv[2] ?? 10_000);
const INGEST_SECONDS = Number(process.argv[3] ?? 60);
const INGEST_RATE = 600;
const PER_CUSTOMER = 5;
const LIMIT = 80;
const PAIR_MS = 6_000;
const PHONE_NUMBER_ID = '1000111';
const PORTS = [3921, 3922];

interface Arrival {
  readonly at: number;
  readonly to: string;
  readonly template: string | undefined;
  readonly wamid: string;
  readonly port: number;
}

/** The Cloud API's answer to a send, at once; every arrival is noted with its time (Date.now(), ms). */
function graphStandIn(): Promise<{ url: string; arrivals: Arrival[]; close: () => void }> {
  const arrivals: Arrival[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, any>;
      if (body.status === 'read') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
        return;
      }
      const wamid = `wamid.SCALE${++n}`;
      arrivals.push({
        at,
        to: String(body.to ?? body.recipient),
        template: body.template?.name,
        wamid,
        port: req.socket.remotePort ?? 0,
      });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ messaging_product: 'whatsapp', messages: [{ id: wamid }] }));
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, arrivals, close: () => server.close() });
    }),
  );
}

const customerOf = (i: number, prefix = '4477001') => `${prefix}${String(i).padStart(5, '0')}`;

/**
 * 2,000 customers with five confirmed bookings each, in the coming days, and their reminders due
 * now: what a busy morning's 09:00 looks like to the queue (the jobs are those the confirming
 * transaction plans, src/reminders/schedule.ts).
 */
async function seedBurst(db: Database, count: number, prefix = '4477001'): Promise<void> {
  const units = (
    await db.query<{ id: string; location_id: string; department_id: string }>(
      'SELECT id, location_id, department_id FROM units WHERE active AND staff_id IS NULL AND location_id IS NOT NULL ORDER BY id',
    )
  ).rows;
  const customers = Math.ceil(count / PER_CUSTOMER);
  await db.query(
    `INSERT INTO customers (id, phone, language) SELECT c, c, 'en_GB' FROM unnest($1::text[]) AS c ON CONFLICT DO NOTHING`,
    [Array.from({ length: customers }, (_, i) => customerOf(i, prefix))],
  );
  const day = Date.now() + (prefix === '4477001' ? 2 : 40) * 86_400_000;
  const cols = {
    unit: [] as string[],
    location: [] as string[],
    dep: [] as string[],
    start: [] as Date[],
    customer: [] as string[],
  };
  for (let i = 0; i < count; i++) {
    const u = units[i % units.length]!;
    const start = new Date(day + Math.floor(i / units.length) * 30 * 60_000);
    cols.unit.push(u.id);
    cols.location.push(u.location_id);
    cols.dep.push(u.department_id);
    cols.start.push(start);
    cols.customer.push(customerOf(i % customers, prefix));
  }
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO bookings (unit_id, location_id, department_id, service_id, status, start_at, end_at, block_start,
       block_end, flow_token, customer_phone, language, name, confirmed_at)
     SELECT u, l, d, d, 'confirmed', s, s + interval '30 minutes', s, s + interval '30 minutes',
       $6 || n, c, 'en_GB', 'Customer', now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[]) WITH ORDINALITY AS x(u, l, d, s, c, n)
     RETURNING id`,
    [cols.unit, cols.location, cols.dep, cols.start, cols.customer, `scale-${prefix}-`],
  );
  await db.query(
    `INSERT INTO jobs (name, payload, run_at, dedup_key, priority)
     SELECT 'reminder.send', jsonb_build_object('bookingId', b, 'offset', '24h', 'dueAt', now()),
       now() + interval '3 seconds', 'reminder:' || b || ':24h', 1
     FROM unnest($1::uuid[]) AS b`,
    [rows.map((r) => r.id)],
  );
}

/** The largest number of arrivals inside any one second, and the smallest gap between two to one customer. */
function burstFigures(arrivals: readonly Arrival[]) {
  const times = arrivals.map((a) => a.at).sort((a, b) => a - b);
  let busiest = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= 1_000) lo++;
    busiest = Math.max(busiest, hi - lo + 1);
  }
  const last = new Map<string, number>();
  let pairGap = Number.POSITIVE_INFINITY;
  for (const a of [...arrivals].sort((x, y) => x.at - y.at)) {
    const before = last.get(a.to);
    if (before !== undefined) pairGap = Math.min(pairGap, a.at - before);
    last.set(a.to, a.at);
  }
  const span = (times.at(-1)! - times[0]!) / 1_000;
  return { busiest, pairGap, span, rate: (times.length - 1) / span };
}

/** Delivery `i` of the ingest: nine in ten a status of one of the burst's messages, one in ten a new customer's text. */
function delivery(i: number, wamids: readonly string[]): string {
  const metadata = { display_phone_number: '15550001111', phone_number_id: PHONE_NUMBER_ID };
  const ts = String(Math.floor(Date.now() / 1000));
  const value =
    i % 10 === 9
      ? {
          messaging_product: 'whatsapp',
          metadata,
          contacts: [{ profile: { name: `Walk-in ${i}` }, wa_id: `4477002${String(i).padStart(6, '0')}` }],
          messages: [
            {
              from: `4477002${String(i).padStart(6, '0')}`,
              id: `wamid.IN${i}`,
              timestamp: ts,
              type: 'text',
              text: { body: 'hello, are you open on Sunday?' },
            },
          ],
        }
      : {
          messaging_product: 'whatsapp',
          metadata,
          statuses: [
            {
              id: wamids[i % wamids.length],
              status: ['delivered', 'read'][i % 2],
              timestamp: ts,
              recipient_id: customerOf(i % 2_000),
              conversation: { id: `conv${i}`, origin: { type: 'utility' } },
              pricing: { billable: true, pricing_model: 'PMP', category: 'utility' },
            },
          ],
        };
  return metaJson({
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA1', changes: [{ value, field: 'messages' }] }],
  });
}

/** Sends `rate` requests a second for `seconds`, alternating between the instances, whatever their answer times. */
async function openLoop(seconds: number, rate: number, wamids: readonly string[]) {
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const pending: Promise<void>[] = [];
  const total = seconds * rate;
  // Built and signed beforehand: the loop only sends, and yields to the event loop every time (a
  // loop that fell behind and never yielded sent nothing until its end, then everything at once).
  const bodies = Array.from({ length: total }, (_, i) => {
    const body = delivery(i, wamids);
    return { body, signature: signBody(body, SECRET) };
  });
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1_000) / rate;
    const wait = due - performance.now();
    await new Promise((r) => (wait > 0 ? setTimeout(r, wait) : setImmediate(r)));
    const { body, signature } = bodies[i]!;
    const port = PORTS[i % PORTS.length]!;
    const sent = performance.now();
    pending.push(
      new Promise<void>((resolve) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/webhook',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              'x-hub-signature-256': signature,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              latencies.push(performance.now() - sent);
              if (res.statusCode === 200) ok++;
              else failed++;
              resolve();
            });
          },
        );
        req.on('error', () => {
          failed++;
          resolve();
        });
        req.end(body);
      }),
    );
  }
  // The rate the requests went out at (their answers may come later).
  const achieved = total / ((performance.now() - started) / 1_000);
  await Promise.all(pending);
  agent.destroy();
  return { ok, failed, achieved, latencies: latencies.sort((a, b) => a - b) };
}

const pct = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function main(): Promise<void> {
  const pg = await startPgServer();
  const graph = await graphStandIn();
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  let db: Database | undefined;
  try {
    const env = (port: number) => {
      const dir = mkdtempSync(path.join(tmpdir(), `flowbook-scale-${port}-`));
      dirs.push(dir);
      return {
        DATA_DIR: dir,
        DATABASE_URL: pg.url,
        GRAPH_API_BASE_URL: graph.url,
        PHONE_NUMBER_ID,
        SEND_RATE_PER_SECOND: String(LIMIT),
      };
    };
    // The first migrates and syncs the units; the second joins the same database.
    children.push((await startFlowbook(PORTS[0]!, env(PORTS[0]!))).child);
    children.push((await startFlowbook(PORTS[1]!, env(PORTS[1]!))).child);
    db = await openDatabase({ dataDir: '', databaseUrl: pg.url, migrate: false });
    console.log(
      `Scale-out bench: ${cpus().length} cores (${cpus()[0]?.model}), Node ${process.versions.node}, two instances on one PostgreSQL 15 (loopback, fsync off), Graph stand-in on loopback`,
    );

    // 1. The burst (0 reminders: straight to the ingest, whose statuses then name unknown messages).
    if (REMINDERS > 0) await burst(db, graph);
    const wamids = graph.arrivals.map((a) => a.wamid);
    // Without a burst the statuses name messages nobody sent, each a different one.
    if (wamids.length === 0) wamids.push(...Array.from({ length: 10_000 }, (_, i) => `wamid.UNKNOWN${i}`));
    if (INGEST_SECONDS > 0) await ingest(db, wamids);
  } finally {
    await db?.close();
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1_000));
    graph.close();
    stopPgServer(pg);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

async function burst(db: Database, graph: Awaited<ReturnType<typeof graphStandIn>>): Promise<void> {
  // A warm-up of 40 reminders to other customers: the instances' first sends open their connections
  // to the Graph API, and arrive late and together; a running instance has them open.
  await seedBurst(db, 40, '4477009');
  await waitFor(async () => graph.arrivals.length >= 40, 30_000);
  graph.arrivals.length = 0;
  await seedBurst(db, REMINDERS);
  const sent = () => graph.arrivals.filter((a) => a.template === 'appointment_reminder').length;
  const drained = await waitFor(async () => sent() >= REMINDERS, Math.ceil((REMINDERS / LIMIT) * 1_000 * 1.6) + 30_000);
  const reminders = graph.arrivals.filter((a) => a.template === 'appointment_reminder');
  const figures = burstFigures(reminders);
  const connections = (
    await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = 'postgres'`)
  ).rows[0]!.n;
  console.log(`\n## Reminder burst: ${REMINDERS.toLocaleString('en')} due at once, ${PER_CUSTOMER} per customer\n`);
  console.log('| figure | measured | limit |\n|---|---|---|');
  console.log(
    `| sent | ${reminders.length.toLocaleString('en')}${drained ? '' : ' (TIMED OUT)'} | ${REMINDERS.toLocaleString('en')} |`,
  );
  console.log(`| drain time | ${figures.span.toFixed(1)} s | ${(REMINDERS / LIMIT).toFixed(1)} s at the limit |`);
  console.log(
    `| rate | ${figures.rate.toFixed(1)}/s (${(figures.rate / LIMIT).toFixed(3)} × the limit) | ≥ ${(0.95 * LIMIT).toFixed(0)}/s (0.95 ×) |`,
  );
  console.log(`| busiest second | ${figures.busiest} | ${LIMIT} |`);
  console.log(`| smallest gap to one customer | ${(figures.pairGap / 1_000).toFixed(2)} s | ${PAIR_MS / 1_000} s |`);
  console.log(
    `| server connections in use (both instances and this bench) | ${connections} | pool ${process.env.DATABASE_POOL_SIZE ?? 20} per instance |`,
  );
  console.log(
    `targets: rate ≥ 0.95× ${figures.rate >= 0.95 * LIMIT && drained ? 'met' : 'MISSED'}, never above the limit ${figures.busiest <= LIMIT ? 'met' : 'MISSED'}, pair rate ${figures.pairGap >= PAIR_MS ? 'met' : 'MISSED'}`,
  );
}

async function ingest(db: Database, wamids: readonly string[]): Promise<void> {
  const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_deliveries')).rows[0]!.n;
  const run = await openLoop(INGEST_SECONDS, INGEST_RATE, wamids);
  await waitFor(
    async () =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_deliveries WHERE processed_at IS NULL'))
        .rows[0]!.n === 0,
    120_000,
  );
  const { rows: lags } = await db.query<{ ms: number; done: boolean }>(
    `SELECT (extract(epoch FROM processed_at - received_at) * 1000)::float8 AS ms, processed_at IS NOT NULL AS done
       FROM webhook_deliveries ORDER BY id OFFSET $1`,
    [before],
  );
  const processed = lags
    .filter((l) => l.done)
    .map((l) => Number(l.ms))
    .sort((a, b) => a - b);
  const overSecond = processed.filter((ms) => ms > 1_000).length / Math.max(1, processed.length);
  console.log(`\n## Peak ingest: ${INGEST_RATE} webhook requests/s for ${INGEST_SECONDS} s, both instances\n`);
  console.log('| figure | measured | target |\n|---|---|---|');
  console.log(`| offered rate | ${run.achieved.toFixed(0)}/s | ${INGEST_RATE}/s |`);
  console.log(`| answered 200 / failed | ${run.ok.toLocaleString('en')} / ${run.failed} | all / 0 |`);
  console.log(
    `| HTTP answer p50 / p99 | ${pct(run.latencies, 0.5).toFixed(1)} / ${pct(run.latencies, 0.99).toFixed(1)} ms | |`,
  );
  console.log(
    `| deliveries stored / processed | ${lags.length.toLocaleString('en')} / ${processed.length.toLocaleString('en')} | ${run.ok.toLocaleString('en')} |`,
  );
  console.log(
    `| receipt → processed p50 / p99 | ${pct(processed, 0.5).toFixed(0)} / ${pct(processed, 0.99).toFixed(0)} ms | median < 250 ms |`,
  );
  console.log(`| over 1 s | ${(overSecond * 100).toFixed(2)} % | < 1 % |`);
  console.log(
    `targets: median < 250 ms ${pct(processed, 0.5) < 250 ? 'met' : 'MISSED'}, < 1 % over 1 s ${overSecond < 0.01 ? 'met' : 'MISSED'}, nothing lost ${lags.length >= run.ok && processed.length === lags.length ? 'met' : 'MISSED'}`,
  );
}

await main();
