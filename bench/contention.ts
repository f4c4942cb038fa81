// Contention (docs/storage.md): 200 customers press Continue and then Confirm for the same slot at once, over
// real HTTP, against (a) one flowbook on PGlite and (b) two flowbook processes sharing a PostgreSQL
// server. Exactly `capacity` bookings may result. Then, on (b), 200 customers book mixed durations with
// a staff member or anyone: no staff member may end up in two overlapping blocks (issue #14).
// Usage: npx tsx bench/contention.ts
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

/**
 * 200 customers book the salon's mixed durations at once (a 30-minute haircut every 15 minutes, a
 * 90-minute colour, with Ana by name or anyone), through Continue and Confirm over HTTP. Then the
 * database is asked whether any staff member is in two overlapping blocks, and whether Ana's daily
 * capacity (8) held.
 */
async function raceMixed(ports: number[], day: string, url: string): Promise<boolean> {
  const haircut = Array.from({ length: 15 }, (_, i) => {
    const m = 9 * 60 + 15 * i;
    return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  });
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: CUSTOMERS }, async (_, i) => {
      const port = ports[i % ports.length]!;
      const colour = i % 3 === 0;
      const time = colour ? ['09:00', '10:30', '12:00'][i % 3]! : haircut[i % haircut.length]!;
      const staff = i % 2 === 0 ? 'ana' : '_anyone';
      const token = tokens.mint(
        { customer: `4477018${String(i).padStart(5, '0')}`, language: 'en_GB' },
        Date.now(),
      ).token;
      const choice = { department: colour ? 'colour' : 'haircut', staff, location: 'kings-cross', date: day, time };
      const held = await flowRequest(port, {
        version: '3.0',
        action: 'data_exchange',
        screen: 'APPOINTMENT',
        flow_token: token,
        data: { trigger: 'continue', ...choice },
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
  const ms = performance.now() - started;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const overlaps = await client.query(
    `SELECT count(*)::int AS n FROM bookings a JOIN bookings b ON a.unit_id = b.unit_id AND a.id < b.id
     WHERE a.status = 'confirmed' AND b.status = 'confirmed'
       AND tstzrange(a.block_start, a.block_end, '[)') && tstzrange(b.block_start, b.block_end, '[)')`,
  );
  const ana = await client.query(
    `SELECT count(*)::int AS n FROM bookings WHERE staff_id = 'ana' AND status = 'confirmed' AND start_at::date = $1`,
    [day],
  );
  await client.end();
  const booked = outcomes.filter((o) => o === 'booked').length;
  const ok = overlaps.rows[0].n === 0 && ana.rows[0].n <= 8;
  console.log(
    `| ${ports.length} process(es) | haircut 30 min + colour 90 min, Ana or anyone | ${CUSTOMERS} racers | ${booked} booked, ${overlaps.rows[0].n} overlapping, Ana ${ana.rows[0].n} (capacity 8) | ${ms.toFixed(0)} ms | ${ok ? 'OK' : 'OVER-BOOKED'} |`,
  );
  return ok;
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
    // A Wednesday at least three days ahead: Ana and Ben both work at King's Cross then.
    const wednesday = new Date(Date.now() + 3 * 86_400_000);
    while (wednesday.getUTCDay() !== 3) wednesday.setUTCDate(wednesday.getUTCDate() + 1);
    ok = (await raceMixed([3912, 3913], wednesday.toISOString().slice(0, 10), server.url)) && ok;
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM bookings WHERE status = 'confirmed'`);
    console.log(
      `\nconfirmed rows on the server: ${rows[0].n} (the slot races' share: ${slots.reduce((s, x) => s + x.capacity, 0)})`,
    );
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
