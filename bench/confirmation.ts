// Confirmation delay (issue #18, docs/benchmarks.md): a burst of 50 bookings confirmed through /flow at
// once against the real flowbook (src/main.ts, embedded PGlite, its worker sending through the outbox),
// and for each one the time from the SUCCESS answer reaching the WhatsApp client to that booking's
// confirmation reaching the Graph API (a loopback stand-in in this process, answering at once).
// Beside it, the machine's ceiling for the same path: one loopback round trip to the stand-in, 50 at once.
// Bounded: 50 holds placed one by one (not timed), one burst, a 30 s limit on the wait.
// Usage: npx tsx bench/confirmation.ts [bookings]
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { flowRequest, startFlowbook, tokens } from './lib.ts';

const BOOKINGS = Number(process.argv[2] ?? 50);
const PORT = 3921;
const PHONE_NUMBER_ID = '1000111';
const TARGET_P99_MS = 2_000;
const WAIT_LIMIT_MS = 30_000;
/** Where customers book: department × location pairs the demo catalog offers. */
const PLACES = [
  ['shopping', 'kings-cross'],
  ['electronics', 'kings-cross'],
  ['clothing', 'oxford-street'],
  ['beauty', 'oxford-street'],
  ['beauty', 'covent-garden'],
  ['electronics', 'piccadilly'],
] as const;

/** The Graph API stand-in: records when each customer's confirmation arrived (performance.now()). */
function startGraph(): Promise<{ server: Server; url: string; confirmations: Map<string, number> }> {
  const confirmations = new Map<string, number>();
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as {
        to?: string;
        template?: { name?: string };
      };
      if (body.template?.name === 'appointment_confirmation' && body.to && !confirmations.has(body.to))
        confirmations.set(body.to, at);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ messaging_product: 'whatsapp', messages: [{ id: `wamid.OUT${++n}` }] }));
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${port}`, confirmations });
    }),
  );
}

const enabled = (list: Array<{ id: string; enabled?: boolean }> | undefined) =>
  (list ?? []).filter((o) => o.enabled !== false);

/** Walks APPOINTMENT to a held slot (Continue), the way the WhatsApp client does. */
async function holdFor(i: number): Promise<{ phone: string; token: string }> {
  const phone = `4477009${String(600_000 + i).padStart(6, '0')}`;
  const { token } = tokens.mint({ customer: phone, language: 'en_GB' }, Date.now());
  const [department, location] = PLACES[i % PLACES.length]!;
  const send = async (data: Record<string, unknown>) => {
    const answer = await flowRequest(PORT, {
      version: '3.0',
      action: 'data_exchange',
      screen: 'APPOINTMENT',
      flow_token: token,
      data,
    });
    if (answer.status !== 200) throw new Error(`HTTP ${answer.status} on ${String(data.trigger)}`);
    return answer.body as { screen: string; data: Record<string, any> };
  };
  await flowRequest(PORT, { version: '3.0', action: 'INIT', flow_token: token });
  const withDates = await send({ trigger: 'location_selected', department, location });
  for (const date of enabled(withDates.data.date)) {
    const withTimes = await send({ trigger: 'date_selected', department, location, date: date.id });
    const time = enabled(withTimes.data.time)[0];
    if (!time) continue;
    const held = await send({ trigger: 'continue', department, location, date: date.id, time: time.id });
    if (held.screen === 'DETAILS') return { phone, token };
  }
  throw new Error(`no free slot for customer ${i}`);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** One loopback POST to the stand-in, `count` at once: the floor any confirmation's delivery stands on. */
async function loopbackCeiling(url: string, count: number): Promise<number[]> {
  const times = await Promise.all(
    Array.from({ length: count }, async () => {
      const started = performance.now();
      const res = await fetch(`${url}/v24.0/${PHONE_NUMBER_ID}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', to: 'ceiling', type: 'text', text: { body: 'x' } }),
      });
      await res.text();
      return performance.now() - started;
    }),
  );
  return times.sort((a, b) => a - b);
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'flowbook-confirm-'));
  const graph = await startGraph();
  let child: ChildProcess | undefined;
  try {
    ({ child } = await startFlowbook(PORT, { DATA_DIR: dataDir, GRAPH_API_BASE_URL: graph.url, PHONE_NUMBER_ID }));
    const sessions: Array<{ phone: string; token: string }> = [];
    for (let i = 0; i < BOOKINGS; i++) sessions.push(await holdFor(i));
    const details = { name: 'Bench Customer', email: 'bench@example.com', phone: '+447700900000', terms: true };
    const burstStarted = performance.now();
    const answered = await Promise.all(
      sessions.map(async ({ phone, token }) => {
        const sent = performance.now();
        const answer = await flowRequest(PORT, {
          version: '3.0',
          action: 'data_exchange',
          screen: 'SUMMARY',
          flow_token: token,
          data: details,
        });
        if (answer.status !== 200 || answer.body?.screen !== 'SUCCESS')
          throw new Error(`SUMMARY answered ${answer.status} ${JSON.stringify(answer.body)}`);
        return { phone, success: performance.now(), endpointMs: performance.now() - sent };
      }),
    );
    const deadline = performance.now() + WAIT_LIMIT_MS;
    while (graph.confirmations.size < BOOKINGS && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    const missing = answered.filter((a) => !graph.confirmations.has(a.phone)).length;
    // A confirmation may reach the stand-in before the client has read its SUCCESS: that counts as 0.
    const delays = answered
      .filter((a) => graph.confirmations.has(a.phone))
      .map((a) => Math.max(0, graph.confirmations.get(a.phone)! - a.success))
      .sort((a, b) => a - b);
    const endpoint = answered.map((a) => a.endpointMs).sort((a, b) => a - b);
    const ceiling = await loopbackCeiling(graph.url, BOOKINGS);
    const last = Math.max(...graph.confirmations.values()) - burstStarted;
    const p99 = percentile(delays, 99);
    console.log(
      `Confirmation bench: ${cpus().length} cores (${cpus()[0]?.model}), Node ${process.versions.node}, ` +
        `${BOOKINGS} bookings confirmed at once through /flow (PGlite, worker as shipped)`,
    );
    console.log('\n| measured | p50 ms | p99 ms | max ms |\n|---|---|---|---|');
    const row = (name: string, s: readonly number[]) =>
      console.log(
        `| ${name} | ${percentile(s, 50).toFixed(1)} | ${percentile(s, 99).toFixed(1)} | ${s.at(-1)!.toFixed(1)} |`,
      );
    row('ceiling: one loopback POST to the Graph stand-in, 50 at once', ceiling);
    row('SUMMARY → SUCCESS answer (the burst)', endpoint);
    row('SUCCESS answer → its confirmation at the Graph API', delays);
    console.log(
      `\nLast confirmation ${last.toFixed(0)} ms after the burst began; ${missing} missing after ${WAIT_LIMIT_MS / 1000} s.`,
    );
    const met = missing === 0 && p99 < TARGET_P99_MS;
    console.log(
      `Target: confirmation p99 < ${TARGET_P99_MS} ms after SUCCESS — ${met ? 'met' : 'NOT met'} (${p99.toFixed(0)} ms).`,
    );
    if (!met) process.exitCode = 1;
  } finally {
    child?.kill('SIGTERM');
    if (child) await new Promise((r) => child!.once('exit', r));
    graph.server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
