/**
 * Staff members' own calendars, kept fresh by polling (issue #15): an ICS address read with a
 * conditional request (ETag, Last-Modified), or a CalDAV collection read incrementally with its sync
 * token (RFC 6578, through tsdav), or, on a server without that report, by a calendar-query when its
 * CTag changed. What each says keeps its member busy (`busy_times`, src/booking/busy.ts).
 * Owns `calendar_sources`: how each read went, for the operator (`GET /api/calendars`). A read that
 * fails keeps the member's last known busy times and is recorded; it never touches anyone else's.
 */
import { createHash } from 'node:crypto';
import {
  calendarMultiGet,
  calendarQuery,
  getBasicAuthHeaders,
  propfind,
  syncCollection,
  type DAVResponse,
} from 'tsdav';
import { announceBusy, countBusyTimes, replaceBusyTimes, type BusyTime } from '../booking/busy.ts';
import { calendarAddress as addressOf, hostOf, type CalendarAddress } from '../catalog/hosts.ts';
import { staffUnitId } from '../catalog/model.ts';
import type { Catalog, StaffEntry } from '../catalog/schema.ts';
import type { Database, Queryable } from '../db/types.ts';
import type { Logger } from '../log.ts';
import { busyTimesOf, CalendarDataError } from './parse.ts';

export interface CalendarDeps {
  readonly db: Database;
  readonly log: Logger;
  readonly catalog: () => Catalog;
  readonly clock: () => number;
  /** The value of an environment variable a catalog names (a CalDAV password). */
  readonly secret: (name: string) => string | undefined;
  /** One read (all its requests) is given up after this long. */
  readonly timeoutMs: number;
}

type Address = CalendarAddress;

interface SourceRow {
  kind: 'ics' | 'caldav';
  address_hash: string;
  etag: string | null;
  last_modified: string | null;
  sync_token: string | null;
  expanded_to: Date | null;
}

/** A read that failed, in words fit for the operator: never the address (it may be a secret). */
class ReadError extends Error {
  override readonly name = 'ReadError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const DAY_MS = 86_400_000;
/** Recurrences are expanded this far past the booking window, so a week of "nothing changed" answers needs no full read. */
const EXPAND_AHEAD_DAYS = 8;
/** Objects asked for in one CalDAV multiget. */
const MULTIGET_BATCH = 100;

/** Identifies an address without keeping it: a changed address (or account) starts the calendar over. */
function hashOf(address: Address): string {
  const account = address.kind === 'caldav' ? `${address.username ?? ''}` : '';
  return createHash('sha256').update(`${address.kind}\n${address.url}\n${account}`).digest('hex');
}

/** What went wrong, for `last_error` and the log: never the address or a credential. */
function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof ReadError || error instanceof CalendarDataError) return error.message;
  const e = error as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs / 1_000} s`;
  if (e.cause?.code) return `could not connect (${e.cause.code})`;
  return `could not read the calendar (${e.name ?? 'Error'})`;
}

/** `fetch` for one read: every request shares its deadline, and an answer that is not a success throws. */
function readFetch(signal: AbortSignal): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, { ...init, signal, redirect: 'follow' });
    if (response.status === 304 || response.ok) return response;
    await response.body?.cancel();
    throw new ReadError(
      `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
      response.status,
    );
  };
}

interface Window {
  readonly from: number;
  readonly to: number;
  readonly floatingZone: string;
}

/** What a read found: busy times to put in place of `sources` ('all': the member's every row). */
interface Found {
  readonly replace: readonly string[] | 'all';
  readonly busy: readonly (BusyTime & { readonly source: string })[];
  readonly etag?: string | null;
  readonly lastModified?: string | null;
  readonly syncToken?: string | null;
  /** Nothing changed since the last read. */
  readonly unchanged?: boolean;
}

async function readIcs(
  address: Address,
  previous: SourceRow | undefined,
  full: boolean,
  window: Window,
  get: typeof fetch,
): Promise<Found> {
  const headers: Record<string, string> = { accept: 'text/calendar, */*;q=0.5' };
  if (!full && previous?.etag) headers['if-none-match'] = previous.etag;
  if (!full && previous?.last_modified) headers['if-modified-since'] = previous.last_modified;
  const response = await get(address.url, { headers });
  if (response.status === 304) return { replace: [], busy: [], unchanged: true };
  const text = await response.text();
  const busy = busyTimesOf(text, window).map((b) => ({ ...b, source: '' }));
  return {
    replace: 'all',
    busy,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
  };
}

/** The text of a CalDAV `calendar-data` property as tsdav hands it over. */
function calendarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const v = value as { _cdata?: unknown; _text?: unknown } | undefined;
  const text = v?._cdata ?? v?._text;
  return typeof text === 'string' ? text : undefined;
}

/** Busy times of CalDAV objects as a multiget or a calendar-query returns them (`source`: the object's href). */
function busyOfObjects(objects: readonly DAVResponse[], window: Window): (BusyTime & { source: string })[] {
  const busy: (BusyTime & { source: string })[] = [];
  for (const object of objects) {
    const text = calendarText(object.props?.calendarData);
    if (!object.href || text === undefined) continue;
    try {
      for (const b of busyTimesOf(text, window)) busy.push({ ...b, source: object.href });
    } catch (error) {
      if (error instanceof CalendarDataError) throw new CalendarDataError(`${object.href}: ${error.message}`);
      throw error;
    }
  }
  return busy;
}

/**
 * Statuses a server answers a sync-collection REPORT with when it has no such report (RFC 3253 §3.6's
 * supported-report precondition is a 403; others answer 400, 405 or 501).
 */
const NO_SYNC_REPORT = new Set([400, 403, 405, 501]);
/** Marks a stored `etag` of a CalDAV source as the collection's CTag: the server has no sync report. */
const CTAG = 'ctag:';

/** A CalDAV time as RFC 4791 §9.9 writes it: UTC, no separators. */
function davTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

async function readCalDav(
  address: Extract<Address, { kind: 'caldav' }>,
  previous: SourceRow | undefined,
  full: boolean,
  window: Window,
  get: typeof fetch,
  secret: (name: string) => string | undefined,
): Promise<Found> {
  const password = address.passwordEnv ? secret(address.passwordEnv) : undefined;
  if (address.passwordEnv && password === undefined) throw new ReadError(`${address.passwordEnv} is not set`);
  const headers = address.username ? getBasicAuthHeaders({ username: address.username, password: password ?? '' }) : {};
  // A server known to lack the sync report is asked only for its CTag until the next full read.
  if (!full && previous?.etag?.startsWith(CTAG)) return readByQuery(address.url, headers, previous, window, get);
  const sync = (token: string) =>
    syncCollection({
      url: address.url,
      props: { 'd:getetag': {} },
      syncLevel: 1,
      syncToken: token,
      headers,
      fetch: get,
    });
  let token = full ? '' : (previous?.sync_token ?? '');
  let responses: Awaited<ReturnType<typeof sync>>;
  try {
    responses = await sync(token);
  } catch (error) {
    if (!(error instanceof ReadError && error.status !== undefined)) throw error;
    if (token === '') {
      if (NO_SYNC_REPORT.has(error.status)) return readByQuery(address.url, headers, undefined, window, get);
      throw error;
    }
    // A token the server no longer knows (RFC 6578 §3.2: 403 valid-sync-token; some answer 409): start over.
    if (error.status !== 403 && error.status !== 409) throw error;
    token = '';
    responses = await sync(token);
  }
  const multistatus = (responses[0]?.raw as { multistatus?: { syncToken?: unknown } } | undefined)?.multistatus;
  const nextToken = typeof multistatus?.syncToken === 'string' ? multistatus.syncToken : null;
  const members = responses.filter((r) => typeof r.href === 'string' && r.href !== '');
  const changed = members.filter((r) => r.status !== 404 && /\.ics$/i.test(r.href!)).map((r) => r.href!);
  const gone = members.filter((r) => r.status === 404).map((r) => r.href!);
  const busy: (BusyTime & { source: string })[] = [];
  for (let i = 0; i < changed.length; i += MULTIGET_BATCH) {
    const objects = await calendarMultiGet({
      url: address.url,
      props: { 'd:getetag': {}, 'c:calendar-data': {} },
      objectUrls: changed.slice(i, i + MULTIGET_BATCH),
      depth: '1',
      headers,
      fetch: get,
    });
    busy.push(...busyOfObjects(objects, window));
  }
  return {
    replace: token === '' ? 'all' : [...changed, ...gone],
    busy,
    // A server that answered a sync report no longer needs its CTag.
    etag: null,
    syncToken: nextToken,
    unchanged: token !== '' && changed.length === 0 && gone.length === 0,
  };
}

/**
 * A CalDAV server without the sync report: the collection's CTag (a PROPFIND) says whether anything
 * changed, and a calendar-query over the window (RFC 4791 §7.8) reads everything when it did. A server
 * without a CTag is read in full every time.
 */
async function readByQuery(
  url: string,
  headers: Record<string, string>,
  previous: SourceRow | undefined,
  window: Window,
  get: typeof fetch,
): Promise<Found> {
  const [collection] = await propfind({ url, props: { 'cs:getctag': {} }, depth: '0', headers, fetch: get });
  const ctag = collection?.props?.getctag;
  const tag = ctag === undefined || ctag === null || ctag === '' ? null : `${CTAG}${String(ctag)}`;
  if (tag !== null && previous?.etag === tag) return { replace: [], busy: [], unchanged: true };
  const objects = await calendarQuery({
    url,
    props: { 'd:getetag': {}, 'c:calendar-data': {} },
    filters: {
      'comp-filter': {
        _attributes: { name: 'VCALENDAR' },
        'comp-filter': {
          _attributes: { name: 'VEVENT' },
          'time-range': { _attributes: { start: davTime(window.from), end: davTime(window.to) } },
        },
      },
    },
    depth: '1',
    headers,
    fetch: get,
  });
  // Still a marker, so the next poll goes straight to the CTag.
  return { replace: 'all', busy: busyOfObjects(objects, window), etag: tag ?? CTAG, syncToken: null };
}

export interface SyncResult {
  readonly staffId: string;
  readonly ok: boolean;
  /** Busy stretches the member has after the read. */
  readonly busy: number;
  readonly unchanged: boolean;
  readonly error?: string;
}

/** Reads one member's calendar and records how it went. Never throws for what the remote side did. */
export async function syncStaffCalendar(deps: CalendarDeps, member: StaffEntry): Promise<SyncResult> {
  const { db, log } = deps;
  if (!member.calendar) throw new Error(`staff member ${member.id} has no calendar`);
  const address = addressOf(member.calendar);
  const hash = hashOf(address);
  const unit = staffUnitId(member.id);
  const now = deps.clock();
  const catalog = deps.catalog();
  const firstLocation = Object.keys(member.hours)[0];
  const floatingZone = catalog.locations.find((l) => l.id === firstLocation)?.timeZone ?? 'UTC';
  const horizon = now + (catalog.booking.windowDays + 1) * DAY_MS;
  const window = { from: now - DAY_MS, to: horizon + EXPAND_AHEAD_DAYS * DAY_MS, floatingZone };
  const { rows } = await db.query<SourceRow>(
    `SELECT kind, address_hash, etag, last_modified, sync_token, expanded_to FROM calendar_sources WHERE staff_id = $1`,
    [member.id],
  );
  const previous = rows[0]?.address_hash === hash ? rows[0] : undefined;
  // A new address, or recurrences expanded not far enough for the window: read everything.
  const full = !previous?.expanded_to || previous.expanded_to.getTime() < horizon;
  const signal = AbortSignal.timeout(deps.timeoutMs);
  const get = readFetch(signal);
  let found: Found;
  try {
    found =
      address.kind === 'ics'
        ? await readIcs(address, previous, full, window, get)
        : await readCalDav(address, previous, full, window, get, deps.secret);
  } catch (error) {
    const message = describe(error, deps.timeoutMs);
    const busy = await recordFailure(db, member.id, address.kind, hash, previous === undefined, message, now);
    log.warn(
      { staff: member.id, kind: address.kind, host: hostOf(address.url), problem: message },
      'staff calendar not read',
    );
    return { staffId: member.id, ok: false, busy, unchanged: false, error: message };
  }
  const count = await db.transaction(async (tx) => {
    if (!found.unchanged) await replaceBusyTimes(tx, unit, found.replace, found.busy);
    const n = await countBusyTimes(tx, unit);
    await tx.query(
      `INSERT INTO calendar_sources (staff_id, kind, address_hash, etag, last_modified, sync_token, checked_at, ok_at,
         failures, last_error, busy_count, expanded_to)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 0, NULL, $8, $9)
       ON CONFLICT (staff_id) DO UPDATE SET kind = EXCLUDED.kind, address_hash = EXCLUDED.address_hash,
         etag = CASE WHEN $10 THEN calendar_sources.etag ELSE EXCLUDED.etag END,
         last_modified = CASE WHEN $10 THEN calendar_sources.last_modified ELSE EXCLUDED.last_modified END,
         sync_token = COALESCE(EXCLUDED.sync_token, calendar_sources.sync_token),
         checked_at = EXCLUDED.checked_at, ok_at = EXCLUDED.ok_at, failures = 0, last_error = NULL,
         busy_count = EXCLUDED.busy_count,
         expanded_to = CASE WHEN $11 THEN EXCLUDED.expanded_to ELSE calendar_sources.expanded_to END`,
      [
        member.id,
        address.kind,
        hash,
        found.etag ?? null,
        found.lastModified ?? null,
        found.syncToken ?? null,
        new Date(now),
        n,
        new Date(window.to),
        found.unchanged === true,
        full,
      ],
    );
    return n;
  });
  if (!found.unchanged) announceBusy(db, unit);
  log.debug(
    { staff: member.id, kind: address.kind, busy: count, unchanged: found.unchanged === true },
    'staff calendar read',
  );
  return { staffId: member.id, ok: true, busy: count, unchanged: found.unchanged === true };
}

async function recordFailure(
  q: Queryable,
  staffId: string,
  kind: Address['kind'],
  hash: string,
  fresh: boolean,
  message: string,
  now: number,
): Promise<number> {
  // A new address that fails has nothing of its own yet: the old address's state is dropped with it.
  const { rows } = await q.query<{ busy_count: number }>(
    `INSERT INTO calendar_sources (staff_id, kind, address_hash, checked_at, failures, last_error)
     VALUES ($1, $2, $3, $4, 1, $5)
     ON CONFLICT (staff_id) DO UPDATE SET checked_at = EXCLUDED.checked_at, last_error = EXCLUDED.last_error,
       failures = CASE WHEN $6 THEN 1 ELSE calendar_sources.failures + 1 END,
       kind = EXCLUDED.kind, address_hash = EXCLUDED.address_hash,
       etag = CASE WHEN $6 THEN NULL ELSE calendar_sources.etag END,
       last_modified = CASE WHEN $6 THEN NULL ELSE calendar_sources.last_modified END,
       sync_token = CASE WHEN $6 THEN NULL ELSE calendar_sources.sync_token END,
       expanded_to = CASE WHEN $6 THEN NULL ELSE calendar_sources.expanded_to END
     RETURNING busy_count`,
    [staffId, kind, hash, new Date(now), message, fresh],
  );
  return rows[0]?.busy_count ?? 0;
}

/** How each member's calendar stands (`GET /api/calendars`): never its address, only its host. */
export interface CalendarStatus {
  readonly staffId: string;
  readonly kind: 'ics' | 'caldav';
  readonly host: string;
  readonly checkedAt: string | null;
  readonly okAt: string | null;
  readonly failures: number;
  readonly lastError: string | null;
  readonly busyTimes: number;
  /**
   * Upcoming confirmed bookings of the member that their own calendar now says they are busy for (the
   * event came after the booking, which stays): for the front desk to move or keep, soonest first.
   */
  readonly conflicts: readonly { readonly bookingId: string; readonly start: string }[];
}

export async function calendarStatuses(q: Queryable, catalog: Catalog): Promise<CalendarStatus[]> {
  const { rows } = await q.query<{
    staff_id: string;
    checked_at: Date | null;
    ok_at: Date | null;
    failures: number;
    last_error: string | null;
    busy_count: number;
    address_hash: string;
  }>('SELECT staff_id, checked_at, ok_at, failures, last_error, busy_count, address_hash FROM calendar_sources');
  const byStaff = new Map(rows.map((r) => [r.staff_id, r]));
  const clashes = await conflictsOf(
    q,
    catalog.staff.filter((m) => m.calendar).map((m) => staffUnitId(m.id)),
  );
  return catalog.staff.flatMap((member) => {
    if (!member.calendar) return [];
    const address = addressOf(member.calendar);
    const row = byStaff.get(member.id);
    const current = row?.address_hash === hashOf(address) ? row : undefined;
    return [
      {
        staffId: member.id,
        kind: address.kind,
        host: hostOf(address.url),
        checkedAt: current?.checked_at?.toISOString() ?? null,
        okAt: current?.ok_at?.toISOString() ?? null,
        failures: current?.failures ?? 0,
        lastError: current?.last_error ?? null,
        busyTimes: current?.busy_count ?? 0,
        conflicts: clashes.get(staffUnitId(member.id)) ?? [],
      },
    ];
  });
}

/** Per unit, its confirmed bookings not yet over that overlap one of its busy times. */
async function conflictsOf(
  q: Queryable,
  units: readonly string[],
): Promise<Map<string, { bookingId: string; start: string }[]>> {
  const found = new Map<string, { bookingId: string; start: string }[]>();
  if (units.length === 0) return found;
  const { rows } = await q.query<{ unit_id: string; id: string; start_at: Date }>(
    `SELECT b.unit_id, b.id, b.start_at FROM bookings b
     WHERE b.unit_id = ANY($1::text[]) AND b.status = 'confirmed' AND b.end_at > now()
       AND EXISTS (SELECT 1 FROM busy_times t WHERE t.unit_id = b.unit_id
                   AND t.busy_start < b.end_at AND t.busy_end > b.start_at)
     ORDER BY b.start_at, b.id`,
    [units],
  );
  for (const r of rows) {
    const list = found.get(r.unit_id) ?? [];
    list.push({ bookingId: r.id, start: r.start_at.toISOString() });
    found.set(r.unit_id, list);
  }
  return found;
}

/**
 * Drops what members who no longer have a calendar (or are gone from the catalog) left behind: their
 * busy times stop blocking them. Returns the members cleared.
 */
export async function forgetRemovedCalendars(db: Database, catalog: Catalog): Promise<string[]> {
  const keep = catalog.staff.filter((m) => m.calendar).map((m) => m.id);
  const { rows } = await db.query<{ staff_id: string }>(
    'DELETE FROM calendar_sources WHERE NOT (staff_id = ANY($1::text[])) RETURNING staff_id',
    [keep],
  );
  for (const { staff_id: staffId } of rows) {
    const unit = staffUnitId(staffId);
    await db.transaction((tx) => replaceBusyTimes(tx, unit, 'all', []));
    announceBusy(db, unit);
  }
  return rows.map((r) => r.staff_id);
}
