/**
 * Calendar feeds (issue #15): every staff member and every location has a read-only iCalendar feed a
 * calendar subscribes to, and every booking one its customer adds to their own calendar. Each is behind
 * an address with an unguessable token (192 random bits), made when first asked for and replaced when
 * rotated (the old address then answers 404). A feed is built from the bookings at each request, so it
 * is as current as the database; an unchanged feed answers 304 to a client that sends its ETag.
 * Owns `calendar_feeds`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { getBooking, listBookings } from '../booking/bookings.ts';
import { bookingsToIcs } from '../booking/export.ts';
import type { Booking } from '../booking/rows.ts';
import { localize } from '../catalog/load.ts';
import type { Catalog } from '../catalog/schema.ts';
import type { Queryable } from '../db/types.ts';

/** What a feed shows: a staff member's bookings, a location's, or one booking for its customer. */
export type FeedSubject =
  | { readonly kind: 'staff'; readonly id: string }
  | { readonly kind: 'location'; readonly id: string }
  | { readonly kind: 'booking'; readonly id: string };

const key = (s: FeedSubject) => `${s.kind}:${s.id}`;

function subjectOf(stored: string): FeedSubject | undefined {
  const at = stored.indexOf(':');
  const kind = stored.slice(0, at);
  const id = stored.slice(at + 1);
  return kind === 'staff' || kind === 'location' || kind === 'booking' ? { kind, id } : undefined;
}

const newToken = () => randomBytes(24).toString('base64url');

/** A token is 32 base64url characters; anything else is not one (and is not looked up). */
export const FEED_TOKEN = /^[A-Za-z0-9_-]{32}$/;

/** The subject's token, made now if it has none. */
export async function feedToken(q: Queryable, subject: FeedSubject): Promise<string> {
  return (await feedTokens(q, [subject])).get(key(subject))!;
}

/**
 * The tokens of several subjects at once, by subject key `kind:id`. Read first: only subjects without
 * one are written (a GET of the catalog writes nothing once every feed has its token).
 */
export async function feedTokens(q: Queryable, subjects: readonly FeedSubject[]): Promise<Map<string, string>> {
  if (subjects.length === 0) return new Map();
  const read = async (wanted: readonly string[]) =>
    (
      await q.query<{ subject: string; token: string }>(
        'SELECT subject, token FROM calendar_feeds WHERE subject = ANY($1::text[])',
        [wanted],
      )
    ).rows;
  const keys = subjects.map(key);
  const tokens = new Map((await read(keys)).map((r) => [r.subject, r.token]));
  const missing = keys.filter((k) => !tokens.has(k));
  if (missing.length === 0) return tokens;
  // Two requests may make one subject's token at once: the first stays, and both read it back.
  await q.query(
    `INSERT INTO calendar_feeds (subject, token) SELECT s, t FROM unnest($1::text[], $2::text[]) AS v (s, t)
     ON CONFLICT (subject) DO NOTHING`,
    [missing, missing.map(() => newToken())],
  );
  for (const r of await read(missing)) tokens.set(r.subject, r.token);
  return tokens;
}

/** Gives the subject a new token: its old address stops working. Returns the new one. */
export async function rotateFeedToken(q: Queryable, subject: FeedSubject): Promise<string> {
  const { rows } = await q.query<{ token: string }>(
    `INSERT INTO calendar_feeds (subject, token) VALUES ($1, $2)
     ON CONFLICT (subject) DO UPDATE SET token = EXCLUDED.token, created_at = now() RETURNING token`,
    [key(subject), newToken()],
  );
  return rows[0]!.token;
}

export async function subjectOfToken(q: Queryable, token: string): Promise<FeedSubject | undefined> {
  if (!FEED_TOKEN.test(token)) return undefined;
  const { rows } = await q.query<{ subject: string }>('SELECT subject FROM calendar_feeds WHERE token = $1', [token]);
  return rows[0] ? subjectOf(rows[0].subject) : undefined;
}

/** How far back a staff or location feed reaches: recent history stays visible in the calendar. */
const PAST_DAYS = 30;
/** At most this many bookings in one feed. */
const FEED_LIMIT = 5_000;
/** What subscribed clients are asked to wait between reads. */
const REFRESH_MINUTES = 15;

export interface Feed {
  readonly body: string;
  readonly etag: string;
}

/**
 * The feed of `subject` now, or undefined when the catalog no longer has it (a staff member or
 * location removed, a booking erased). Staff and location feeds hold confirmed and cancelled bookings
 * from 30 days back (a hold is not in them: it is not an appointment yet); a booking's own feed holds it
 * in any state but held, in its customer's language.
 */
export async function renderFeed(
  q: Queryable,
  catalog: Catalog,
  subject: FeedSubject,
  now: Date,
): Promise<Feed | undefined> {
  let bookings: Booking[];
  let options: Parameters<typeof bookingsToIcs>[3];
  if (subject.kind === 'booking') {
    const booking = await getBooking(q, subject.id);
    if (!booking || booking.status === 'held') return undefined;
    bookings = [booking];
    options = { view: 'customer', language: booking.language ?? undefined };
  } else {
    const from = new Date(now.getTime() - PAST_DAYS * 86_400_000);
    const statuses = ['confirmed', 'cancelled'] as const;
    if (subject.kind === 'staff') {
      const member = catalog.staff.find((m) => m.id === subject.id);
      if (!member) return undefined;
      bookings = await listBookings(q, { from, staffId: subject.id, statuses, limit: FEED_LIMIT });
      options = { name: `${catalog.business.name}: ${localize(member.name, catalog.business.defaultLanguage)}` };
    } else {
      const location = catalog.locations.find((l) => l.id === subject.id);
      if (!location) return undefined;
      bookings = await listBookings(q, { from, locationId: subject.id, statuses, limit: FEED_LIMIT });
      options = { name: `${catalog.business.name}: ${localize(location.title, catalog.business.defaultLanguage)}` };
    }
    options = { ...options, refreshMinutes: REFRESH_MINUTES };
  }
  // DTSTAMP is when the booking last changed, not now: the same bookings give the same bytes (and ETag).
  const stamp = new Date(Math.max(0, ...bookings.map((b) => b.updatedAt.getTime())));
  const body = bookingsToIcs(bookings, catalog, stamp, options);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { body, etag };
}
