// Contention (docs/storage.md): 200 customers press Continue and then Confirm for the same slot at once, over
// real HTTP, against (a) one flowbook on PGlite and (b) two flowbook processes sharing a PostgreSQL
// server. Exactly `capacity` bookings may result. Usage: npx tsx bench/contention.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
// @ts-expect-error plain JavaScript helper shared with the test command
import { findPgBin, startPgServer, stopPgServer } from '../scripts/pg-server.mjs';
import { flowRequest, startFlowbook, tokens } from './lib.ts';

const CUSTOMERS = 200;
const slots = [
  { capacity: 1, choice: { department: 'home', location: 'piccadilly', time: '11:00' } },
  { capacity: 3, choice: { department: 'clothing', location: 'oxford-street', time: '11:00' } },
];
const person = {
  name: 'Bench Customer',
  email: 'bench@example.com',
  phone: '+442079460000',
  more_details: '',
  terms: true,
};

async function race(ports: number[], capacity: number, choice: Record<string, string>, date: string) {
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: CUSTOMERS }, async (_, i) => {
      const port = ports[i % ports.length]!;
      const token = tokens.mint(
        { customer: `4477009${String(i).padStart(5, '0')}`, language: 'en_US' },
        Date.now(),
      ).token;
      const held = await flowRequest(port, {
        version: '3.0',
        action: 'data_exchange',
        screen: 'APPOINTMENT',
        flow_token: token,
        data: { trigger: 'continue', ...choice, date },
      });
      if (held.body.screen !== 'DETAILS') return 'lost at hold';
      const done = await flowRequest(port, {
        version: '3.0',
        action: 'data_exchange',
        screen: 'SUMMARY',
        flow_token: token,
        data: person,
      });
      return done.body.screen === 'SUCCESS' ? 'booked' : 'lost at confirm';
    }),
  );
  const booked = outcomes.filter((o) => o === 'booked').length;
  const ms = performance.now() - started;
  const verdict = booked === capacity ? 'OK' : 'DOUBLE-BOOKED OR LOST';
  console.log(
    `| ${ports.length} process(es) | capacity ${capacity} | ${CUSTOMERS} racers | ${booked} booked | ${ms.toFixed(0)} ms | ${verdict} |`,
  );
  return booked === capacity;
}

const date = new Date(Date.now() + 3 * 86_400_000);
while (date.getUTCDay() === 0) date.setUTCDate(date.getUTCDate() + 1); // Piccadilly is closed on Sundays
const day = date.toISOString().slice(0, 10);
let ok = true;
console.log('| setup | slot | racers | result | time | verdict |\n|---|---|---|---|---|---|');

const dataDir = mkdtempSync(path.join(tmpdir(), 'flowbook-bench-'));
const one = await startFlowbook(3911, { DATA_DIR: dataDir });
try {
  for (const { capacity, choice } of slots) ok = (await race([3911], capacity, choice, day)) && ok;
} finally {
  one.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  rmSync(dataDir, { recursive: true, force: true });
}

if (findPgBin()) {
  const server = await startPgServer();
  const dirs = [mkdtempSync(path.join(tmpdir(), 'fb-a-')), mkdtempSync(path.join(tmpdir(), 'fb-b-'))];
  const [a, b] = await Promise.all([
    startFlowbook(3912, { DATA_DIR: dirs[0]!, DATABASE_URL: server.url }),
    startFlowbook(3913, { DATA_DIR: dirs[1]!, DATABASE_URL: server.url }),
  ]);
  try {
    for (const { capacity, choice } of slots) ok = (await race([3912, 3913], capacity, choice, day)) && ok;
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM bookings WHERE status = 'confirmed'`);
    console.log(`\nconfirmed rows on the server: ${rows[0].n} (expected ${slots.reduce((s, x) => s + x.capacity, 0)})`);
    await client.end();
  } finally {
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    stopPgServer(server);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
} else {
  console.log('(no PostgreSQL binaries: the two-process run was not made)');
}
process.exitCode = ok ? 0 : 1;
