// Webhook ingest benchmark (docs/webhook.md): signed Meta deliveries against the real flowbook (embedded
// PGlite, store-then-200, its worker answering in the background) and against a reference that
// processes inline as Meta's sample does (parse, await a Graph send, then 200). Both send to the
// same loopback Graph stand-in. Driven by wrk (autocannon when wrk is missing) with pre-signed,
// unique deliveries. Bounded: 3 runs of WARMUP + DURATION seconds each.
// Usage: npx tsx bench/ingest.ts [seconds]
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/index.ts';
import { createLogger } from '../src/log.ts';
import { metaJson, signBody } from '../src/http/signature.ts';
import { KEY_FILE, SECRET, startFlowbook } from './lib.ts';
import { load as drive, loadGenerator, type LoadRequest } from './load.ts';

const DURATION = Number(process.argv[2] ?? 10);
/** `--profile <dir>`: flowbook runs with `node --cpu-prof` and writes its profile there at exit. */
const PROFILE_DIR = process.argv.includes('--profile')
  ? process.argv[process.argv.indexOf('--profile') + 1]
  : undefined;
const profileArgs = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`] : [];
const CONNECTIONS = 32;
const WARMUP = 3;
/** Unique deliveries per run: more than any run here can send, so none is a replay. */
const DELIVERIES = 100_000;
const PHONE_NUMBER_ID = '1000111';
const FLOWBOOK_PORT = 3911;
const REFERENCE_PORT = 3912;
const STORE_ONLY_PORT = 3913;

/** The Cloud API's answer to a send, at once (the stand-in measures the receiver, not Meta). */
function startGraphStandIn(): Promise<{ server: Server; url: string; sends: () => number }> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          messaging_product: 'whatsapp',
          contacts: [{ input: 'x', wa_id: 'x' }],
          messages: [{ id: `wamid.OUT${n}` }],
        }),
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${port}`, sends: () => n });
    }),
  );
}

/** Delivery `i`: three in four are a text from a new customer, one in four a batch of statuses. */
export function envelope(i: number): string {
  const metadata = { display_phone_number: '15550001111', phone_number_id: PHONE_NUMBER_ID };
  const from = `4477009${String(i % 1_000_000).padStart(6, '0')}`;
  const ts = String(1_760_000_000 + i);
  const value =
    i % 4 === 3
      ? {
          messaging_product: 'whatsapp',
          metadata,
          statuses: ['sent', 'delivered'].map((status) => ({
            id: `wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSOUT${i}`,
            status,
            timestamp: ts,
            recipient_id: from,
            conversation: { id: `conv${i}`, origin: { type: 'service' } },
            pricing: { billable: false, pricing_model: 'PMP', category: 'service' },
          })),
        }
      : {
          messaging_product: 'whatsapp',
          metadata,
          contacts: [{ profile: { name: `Customer ${i}` }, wa_id: from }],
          messages: [
            {
              from,
              id: `wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhgUIN${i}`,
              timestamp: ts,
              type: 'text',
              text: { body: i % 2 ? 'book' : 'hello, do you open on Sunday?' },
            },
          ],
        };
  return metaJson({
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA1', changes: [{ value, field: 'messages' }] }],
  });
}

/** The reference: Meta's sample shape. No signature check, parse, await the Graph send, then 200. */
function runReference(port: number, graphUrl: string): void {
  const graph = new URL(graphUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as any;
      const message = body.entry?.[0]?.changes?.[0]?.value?.messages?.[0];
      if (!message) {
        res.writeHead(200).end();
        return;
      }
      const out = JSON.stringify({
        messaging_product: 'whatsapp',
        to: message.from,
        text: { body: `Echo: ${message.text?.body ?? ''}` },
      });
      const send = httpRequest(
        {
          host: graph.hostname,
          port: graph.port,
          method: 'POST',
          path: `/v24.0/${PHONE_NUMBER_ID}/messages`,
          agent,
          headers: {
            'content-type': 'application/json',
            authorization: 'Bearer x',
            'content-length': Buffer.byteLength(out),
          },
        },
        (answer) => {
          answer.resume();
          answer.on('end', () => res.writeHead(200).end());
        },
      );
      send.on('error', () => res.writeHead(500).end());
      send.end(out);
    });
  }).listen(port, '127.0.0.1', () => process.send?.('ready'));
}

/**
 * The same product with its worker not started (`runJobs: false`): what verify + group-commit
 * store + 200 can do when nothing else uses the embedded database.
 */
async function runStoreOnly(port: number, dataDir: string): Promise<void> {
  const config = loadConfig({
    DATA_DIR: dataDir,
    FLOWBOOK_MODE: 'sandbox',
    APP_SECRET: SECRET,
    PRIVATE_KEY_FILE: KEY_FILE,
    PHONE_NUMBER_ID,
    LOG_LEVEL: 'silent',
  });
  const app = await createApp({ config, log: createLogger('silent'), messaging: { runJobs: false } });
  await app.server.listen({ port, host: '127.0.0.1' });
  process.send?.('ready');
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

/** Signed deliveries `from`…`from + count − 1`: every request of a run is a delivery Meta never sent before. */
function deliveries(from: number, count: number): LoadRequest[] {
  return Array.from({ length: count }, (_, k) => {
    const body = envelope(from + k);
    return { body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, SECRET) } };
  });
}

let nextDelivery = 0;
async function load(url: string) {
  const requests = deliveries(nextDelivery, DELIVERIES);
  nextDelivery += DELIVERIES;
  const result = await drive({ url, connections: CONNECTIONS, seconds: DURATION, warmupSeconds: WARMUP, requests });
  return { accepted: result.ok + (result.warmup?.ok ?? 0), rps: result.rps, p50: result.p50, p99: result.p99 };
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'flowbook-ingest-'));
  const graph = await startGraphStandIn();
  const children: ChildProcess[] = [];
  try {
    const reference = fork(import.meta.filename, ['--reference', String(REFERENCE_PORT), graph.url], {
      execArgv: ['--import', 'tsx'],
      stdio: 'ignore',
    });
    children.push(reference);
    await new Promise((r) => reference.once('message', r));
    const storeOnly = fork(
      import.meta.filename,
      ['--store-only', String(STORE_ONLY_PORT), path.join(dataDir, 'store-only')],
      { execArgv: [...profileArgs, '--import', 'tsx'], stdio: 'ignore' },
    );
    children.push(storeOnly);
    await new Promise((r) => storeOnly.once('message', r));
    const storeOnlyRun = await load(`http://127.0.0.1:${STORE_ONLY_PORT}/webhook`);
    storeOnly.kill('SIGTERM');
    await new Promise((r) => storeOnly.once('exit', r));
    const { child } = await startFlowbook(
      FLOWBOOK_PORT,
      { DATA_DIR: dataDir, GRAPH_API_BASE_URL: graph.url, PHONE_NUMBER_ID },
      profileArgs,
    );
    children.push(child);
    await new Promise((r) => setTimeout(r, 500));

    console.log(
      `Webhook ingest bench: ${cpus().length} cores (${cpus()[0]?.model}), Node ${process.versions.node}, ${loadGenerator} ${CONNECTIONS} connections × ${DURATION}s after ${WARMUP}s warm-up, loopback`,
    );
    const ref = await load(`http://127.0.0.1:${REFERENCE_PORT}/`);
    reference.kill('SIGTERM');
    const sendsBefore = graph.sends();
    const fb = await load(`http://127.0.0.1:${FLOWBOOK_PORT}/webhook`);
    const sendsDuring = graph.sends() - sendsBefore;

    // Stop flowbook (SIGTERM: graceful) and count what its database holds: every 200 must be a row.
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const db = await openDatabase({ dataDir });
    const stored = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_deliveries')).rows[0]!.n;
    const processed = (
      await db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_deliveries WHERE processed_at IS NOT NULL')
    ).rows[0]!.n;
    await db.close();

    console.log('\n| server | accepted/s | p50 ms | p99 ms |\n|---|---|---|---|');
    console.log(
      `| reference: inline, no signature check, awaits one Graph send (node:http) | ${ref.rps.toFixed(0)} | ${ref.p50.toFixed(1)} | ${ref.p99.toFixed(1)} |`,
    );
    console.log(
      `| flowbook, worker not started: verify HMAC, store delivery + job (group commit), 200 (PGlite) | ${storeOnlyRun.rps.toFixed(0)} | ${storeOnlyRun.p50.toFixed(1)} | ${storeOnlyRun.p99.toFixed(1)} |`,
    );
    console.log(
      `| flowbook as shipped: the same, its worker processing the deliveries meanwhile (PGlite) | ${fb.rps.toFixed(0)} | ${fb.p50.toFixed(1)} | ${fb.p99.toFixed(1)} |`,
    );
    console.log(
      `\nflowbook: ${fb.accepted} answered 200 (warm-up included), ${stored} deliveries stored${stored >= fb.accepted ? ' (the extra ones were in flight when the run ended)' : ' (LOST DELIVERIES)'}; ` +
        `${processed} split by the worker before shutdown; ${sendsDuring} Graph sends during the run`,
    );
    console.log(
      `targets: ≥ 2,000 accepted/s ${fb.rps >= 2000 ? 'met' : 'MISSED'}, p99 < 50 ms ${fb.p99 < 50 ? 'met' : 'MISSED'}`,
    );
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    graph.server.close();
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === import.meta.filename;
if (invokedDirectly && process.argv[2] === '--store-only')
  await runStoreOnly(Number(process.argv[3]), process.argv[4]!);
else if (invokedDirectly && process.argv[2] === '--reference') runReference(Number(process.argv[3]), process.argv[4]!);
else if (invokedDirectly) await main();
