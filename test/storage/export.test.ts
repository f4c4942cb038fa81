import { readdirSync } from 'node:fs';
import { MIGRATIONS_DIR } from '../../src/db/index.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { bookingsToCsv, bookingsToIcs, foldLine, icsText, registerBookingCommands } from '../../src/booking/export.ts';
import { confirmBooking } from '../../src/booking/confirm.ts';
import { placeHold } from '../../src/booking/holds.ts';
import type { Booking } from '../../src/booking/rows.ts';
import { syncUnits } from '../../src/booking/units.ts';
import { at, forEachEngine, reset, testCatalog } from './helpers.ts';

const catalog = testCatalog();
const booking: Booking = {
  id: '3f2c1a9e-0000-4000-8000-000000000001',
  unitId: 'london:cut:1',
  locationId: 'london',
  departmentId: 'cut',
  serviceId: 'cut',
  staffId: null,
  priceAmount1000: null,
  priceCurrency: null,
  status: 'confirmed',
  start: at('2027-06-02T09:00:00Z'),
  end: at('2027-06-02T09:30:00Z'),
  blockStart: at('2027-06-02T09:00:00Z'),
  blockEnd: at('2027-06-02T09:30:00Z'),
  flowToken: 't',
  customerPhone: '447700900123',
  language: 'ar',
  name: 'Zoë, "Z"; \\ دانة',
  email: 'z@x.io',
  phone: '+44 7700',
  notes: '=HYPERLINK("x")\nsecond line',
  holdExpiresAt: null,
  cancelReason: null,
  rescheduledFrom: null,
  movesBooking: null,
  phoneNumberId: null,
  rescheduleCount: 0,
  erasedAt: null,
  createdAt: at('2027-06-01T08:00:00Z'),
  updatedAt: at('2027-06-01T08:00:00Z'),
  confirmedAt: at('2027-06-01T08:00:00Z'),
  cancelledAt: null,
  version: 2,
  attendance: null,
  attendanceAt: null,
  source: 'whatsapp',
  bookedBy: null,
  cancelledBy: null,
};

test('CSV: header, quoting, CRLF, formula-safe typed text', () => {
  const csv = bookingsToCsv([booking]);
  const [header, row] = csv.split('\r\n');
  assert.equal(
    header,
    'id,status,location,department,unit,start_utc,end_utc,whatsapp,language,name,email,phone,notes,created_utc,updated_utc',
  );
  assert.ok(
    row?.startsWith('3f2c1a9e-0000-4000-8000-000000000001,confirmed,london,cut,london:cut:1,2027-06-02T09:00:00.000Z,'),
  );
  assert.ok(csv.includes('"Zoë, ""Z""; \\ دانة"'));
  assert.ok(csv.includes(`"'=HYPERLINK(""x"")\nsecond line"`));
  assert.ok(csv.includes(',+44 7700,'));
  assert.ok(csv.endsWith('\r\n'));
});

test('iCalendar: UTC times, escaping, CRLF and 75-octet folding', () => {
  const ics = bookingsToIcs([booking], catalog, at('2027-06-01T10:00:00Z'));
  assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n'));
  assert.ok(ics.endsWith('END:VCALENDAR\r\n'));
  assert.ok(ics.includes('\r\nDTSTART:20270602T090000Z\r\nDTEND:20270602T093000Z\r\n'));
  assert.ok(ics.includes('\r\nUID:3f2c1a9e-0000-4000-8000-000000000001@flowbook\r\n'));
  assert.ok(ics.includes('STATUS:CONFIRMED'));
  assert.ok(!/[^\r]\n/.test(ics), 'every line ends with CRLF');
  for (const line of ics.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
  const unfolded = ics.replace(/\r\n /g, '');
  assert.ok(unfolded.includes('SUMMARY:Cut: Zoë\\, "Z"\\; \\\\ دانة'));
  assert.ok(unfolded.includes('\\nNotes: =HYPERLINK("x")\\nsecond line'));
  assert.equal(icsText('a;b,c\\d\ne'), 'a\\;b\\,c\\\\d\\ne');
});

test('folding never splits a UTF-8 character', () => {
  const folded = foldLine(`SUMMARY:${'د'.repeat(80)}`);
  const lines = folded.split('\r\n').filter(Boolean);
  assert.ok(lines.length > 2);
  for (const line of lines) {
    assert.ok(Buffer.byteLength(line) <= 75);
    assert.ok(!line.includes('\uFFFD'));
  }
  assert.equal(
    lines.slice(1).every((l) => l.startsWith(' ')),
    true,
  );
  assert.equal(lines.map((l, i) => (i ? l.slice(1) : l)).join(''), `SUMMARY:${'د'.repeat(80)}`);
});

forEachEngine('CLI commands', (ctx) => {
  test('bookings export and db migrate', async () => {
    const NOW = at('2027-06-01T08:00:00Z');
    await syncUnits(ctx.db, catalog, NOW);
    await reset(ctx.db);
    const start = at('2027-06-02T09:00:00Z');
    await placeHold(ctx.db, {
      flowToken: 'cli',
      customerPhone: '4411',
      language: 'en',
      locationId: 'london',
      departmentId: 'cut',
      start,
      end: new Date(start.getTime() + 1_800_000),
      holdMinutes: 10,
      bufferMinutes: 0,
      now: NOW,
    });
    await confirmBooking(ctx.db, { flowToken: 'cli', details: { name: 'Cli', email: 'c@x.io', phone: '1' }, now: NOW });
    let out = '';
    const closes: string[] = [];
    const program = new Command().exitOverride();
    registerBookingCommands(program, {
      // Hand out the suite's database; close() is recorded instead of closing it.
      openDatabase: async () => ({ ...ctx.db, close: async () => void closes.push('closed') }),
      catalog: async () => catalog,
      clock: () => NOW,
      write: (text) => (out += text),
    });
    await program.parseAsync([
      'node',
      'flowbook',
      'bookings',
      'export',
      '--format',
      'ics',
      '--from',
      '2027-06-02',
      '--to',
      '2027-06-03',
    ]);
    assert.equal((out.match(/BEGIN:VEVENT/g) ?? []).length, 1);
    out = '';
    await program.parseAsync(['node', 'flowbook', 'bookings', 'export', '--from', '2027-06-03']);
    assert.equal(out.split('\r\n').filter(Boolean).length, 1); // header only
    out = '';
    await program.parseAsync(['node', 'flowbook', 'db', 'migrate']);
    // The newest file's number, not the count: numbers may have gaps while branches land.
    const newest = Math.max(
      ...readdirSync(MIGRATIONS_DIR)
        .filter((f) => f.endsWith('.sql'))
        .map((f) => Number(f.slice(0, 4))),
    );
    assert.equal(out, `up to date (version ${newest})\n`);
    assert.equal(closes.length, 3);
    await assert.rejects(
      program.parseAsync(['node', 'flowbook', 'bookings', 'export', '--format', 'pdf']),
      /Allowed choices are csv, ics/,
    );
  });
});
