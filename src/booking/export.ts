import type { Queryable } from '../db/types.ts';
import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { onUserFile } from '../cli-files.ts';
import { localize } from '../catalog/load.ts';
import { bookingModel } from '../catalog/model.ts';
import type { Catalog } from '../catalog/schema.ts';
import { migrate, type Database } from '../db/index.ts';
import { listBookings } from './bookings.ts';
import { BOOKING_STATUSES, type Booking, type BookingStatus } from './rows.ts';

const CSV_COLUMNS = [
  'id',
  'status',
  'location',
  'department',
  'unit',
  'start_utc',
  'end_utc',
  'whatsapp',
  'language',
  'name',
  'email',
  'phone',
  'notes',
  'created_utc',
  'updated_utc',
] as const;

/** RFC 4180 CSV with a header row and CRLF line ends. */
export function bookingsToCsv(bookings: readonly Booking[]): string {
  const rows = bookings.map((b) => [
    b.id,
    b.status,
    b.locationId,
    b.departmentId,
    b.unitId,
    b.start.toISOString(),
    b.end.toISOString(),
    b.customerPhone,
    b.language,
    noFormula(b.name),
    noFormula(b.email),
    b.phone,
    noFormula(b.notes),
    b.createdAt.toISOString(),
    b.updatedAt.toISOString(),
  ]);
  return [CSV_COLUMNS as readonly unknown[], ...rows].map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}

function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Text the customer typed must not run as a spreadsheet formula when the CSV is opened. */
function noFormula(text: string | null): string | null {
  return text !== null && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export interface IcsOptions {
  /** The calendar's name as a client shows it (RFC 7986 NAME, and X-WR-CALNAME, which clients read more widely). */
  readonly name?: string | undefined;
  /**
   * `business` (the default): the summary names the customer, the description holds their details, for
   * the staff. `customer`: the customer's own copy, the service and the business in their language.
   */
  readonly view?: 'business' | 'customer';
  /** Titles in this language (default the business's). */
  readonly language?: string | undefined;
  /** How often a subscribed client should read the feed again (RFC 7986 REFRESH-INTERVAL). */
  readonly refreshMinutes?: number | undefined;
}

/**
 * An RFC 5545 calendar: one VEVENT per booking, UTC DTSTART/DTEND (every client shows them in its own
 * zone), escaped TEXT values, CRLF line ends and lines folded at 75 octets (never inside a UTF-8
 * sequence). A booking's UID stays and its SEQUENCE is its version, so a subscribed calendar updates
 * the event it has; a cancelled one stays as `STATUS:CANCELLED`.
 */
export function bookingsToIcs(
  bookings: readonly Booking[],
  catalog: Catalog,
  now: Date,
  options: IcsOptions = {},
): string {
  const language = options.language ?? catalog.business.defaultLanguage;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//flowbook//bookings//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...(options.name ? [`NAME:${icsText(options.name)}`, `X-WR-CALNAME:${icsText(options.name)}`] : []),
    ...(options.refreshMinutes
      ? [`REFRESH-INTERVAL;VALUE=DURATION:PT${options.refreshMinutes}M`, `X-PUBLISHED-TTL:PT${options.refreshMinutes}M`]
      : []),
  ];
  const model = bookingModel(catalog);
  for (const b of bookings) {
    const location = catalog.locations.find((l) => l.id === b.locationId);
    const service = model.service(b.serviceId);
    const what = service ? localize(service.title, language) : b.serviceId;
    const where = location ? `${localize(location.title, language)}, ${location.address}` : b.locationId;
    const staff = b.staffId ? model.staff.find((m) => m.id === b.staffId)?.name : undefined;
    const details =
      options.view === 'customer'
        ? ''
        : [
            staff && `With: ${localize(staff, language)}`,
            b.name && `Name: ${b.name}`,
            b.email && `Email: ${b.email}`,
            b.phone && `Phone: ${b.phone}`,
            b.notes && `Notes: ${b.notes}`,
          ]
            .filter(Boolean)
            .join('\n');
    const summary =
      options.view === 'customer' ? `${what} · ${catalog.business.name}` : b.name ? `${what}: ${b.name}` : what;
    lines.push(
      'BEGIN:VEVENT',
      `UID:${b.id}@flowbook`,
      `DTSTAMP:${icsTime(now)}`,
      `DTSTART:${icsTime(b.start)}`,
      `DTEND:${icsTime(b.end)}`,
      `SEQUENCE:${b.version}`,
      `STATUS:${b.status === 'confirmed' ? 'CONFIRMED' : b.status === 'held' ? 'TENTATIVE' : 'CANCELLED'}`,
      `SUMMARY:${icsText(summary)}`,
      `LOCATION:${icsText(where)}`,
      ...(details ? [`DESCRIPTION:${icsText(details)}`] : []),
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('');
}

/** `20270602T090000Z`. */
function icsTime(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** RFC 5545 §3.3.11 TEXT escaping. */
export function icsText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** RFC 5545 §3.1: at most 75 octets per line; continuation lines start with one space. */
export function foldLine(line: string): string {
  let out = '';
  let bytes = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (bytes + size > 75) {
      out += '\r\n ';
      bytes = 1;
    }
    out += char;
    bytes += size;
  }
  return `${out}\r\n`;
}

export interface BookingCommandDeps {
  /**
   * Opens the database; `migrate: false` for `db migrate`, which reports what it applies.
   * `create: false` for commands that only read: a missing embedded database is then an error.
   */
  openDatabase(options: { migrate: boolean; create: boolean }): Promise<Database>;
  /** The catalog in use: the database's newest revision, else the BUSINESS_CONFIG file. */
  catalog(db: Queryable): Promise<Catalog>;
  clock(): Date;
  /** Where output goes (default process.stdout). */
  write?(text: string): void;
}

function parseInstant(value: string): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime()))
    throw new InvalidArgumentError('Use YYYY-MM-DD (UTC) or an ISO instant such as 2027-06-02T09:00:00Z.');
  return date;
}

/** Adds `bookings export --format csv|ics [--from] [--to] [--status] [--output]` and `db migrate`. */
export function registerBookingCommands(program: Command, deps: BookingCommandDeps): void {
  const write = deps.write ?? ((text: string) => void process.stdout.write(text));
  const bookings = program.command('bookings').description('Bookings stored by flowbook');
  bookings
    .command('export')
    .description('Export bookings as CSV or iCalendar (times in UTC)')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'ics']).default('csv'))
    .option('--from <date>', 'bookings starting on or after (YYYY-MM-DD, UTC, or ISO instant)', parseInstant)
    .option('--to <date>', 'bookings starting before', parseInstant)
    .addOption(new Option('--status <status>', 'only bookings in this state').choices(BOOKING_STATUSES))
    .option('--output <file>', 'write to a file instead of standard output')
    .addHelpText(
      'after',
      '\nReads DATABASE_URL, else the embedded database that `npm start` keeps in DATA_DIR; never creates one.',
    )
    .action(
      async (opts: { format: 'csv' | 'ics'; from?: Date; to?: Date; status?: BookingStatus; output?: string }) => {
        const db = await deps.openDatabase({ migrate: true, create: false });
        try {
          const rows = await listBookings(db, { from: opts.from, to: opts.to, status: opts.status, limit: 1_000_000 });
          const text =
            opts.format === 'csv' ? bookingsToCsv(rows) : bookingsToIcs(rows, await deps.catalog(db), deps.clock());
          const output = opts.output;
          if (output) onUserFile(output, 'write', () => writeFileSync(output, text));
          else write(text);
        } finally {
          await db.close();
        }
      },
    );
  program
    .command('db')
    .description('Database maintenance')
    .command('migrate')
    .description('Apply pending migrations (also done at every start)')
    .action(async () => {
      const db = await deps.openDatabase({ migrate: false, create: true });
      try {
        const report = await migrate(db);
        write(
          report.applied.length
            ? `applied ${report.applied.join(', ')}; now at version ${report.version}\n`
            : `up to date (version ${report.version})\n`,
        );
      } finally {
        await db.close();
      }
    });
}
