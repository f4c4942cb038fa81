import type { Catalog, Location } from '../catalog/schema.ts';
import type { Database } from '../db/types.ts';
import { UnknownUnitError } from './errors.ts';
import { scheduleKey } from './rows.ts';
import {
  addDays,
  daySlots,
  earliestStart,
  freeUnits,
  startOfLocalDay,
  windowDates,
  type Slot,
  type TakenInterval,
} from './slots.ts';
import { liveAt, takenRows, type TakenRow } from './taken.ts';

// The shapes the Flow screens consume (date and time option ids, free counts) are defined by their port.
export type { DateAvailability, TimeAvailability } from '../flows/ports.ts';
import type { DateAvailability, TimeAvailability } from '../flows/ports.ts';

export interface Availability {
  /**
   * Every date of the booking window (today first, in the location's zone) with its free slot count.
   * `ignoring` names a booking being rescheduled: its own time counts as free (taken.ts `liveAt`).
   */
  availableDates(
    catalog: Catalog,
    locationId: string,
    departmentId: string,
    now: Date,
    ignoring?: string,
  ): Promise<DateAvailability[]>;
  /** The slots of one local date past the minimum notice; [] outside the window or when closed. */
  availableTimes(
    catalog: Catalog,
    locationId: string,
    departmentId: string,
    date: string,
    now: Date,
    ignoring?: string,
  ): Promise<TimeAvailability[]>;
  /** Stops listening to the database's change feed. */
  close(): void;
}

export interface AvailabilityOptions {
  /**
   * How long taken intervals are reused. Writes by this process invalidate at once; the TTL bounds
   * how stale another process's writes can look (default 2 s on a server, 60 s on PGlite).
   */
  readonly cacheTtlMs?: number;
}

interface CachedTaken {
  readonly rows: TakenRow[];
  readonly from: number;
  readonly to: number;
  readonly fetchedAt: number;
  /**
   * The last date list computed from these rows, for one catalog and one minute. Every APPOINTMENT
   * answer lists the dates of each location offering the department; they only change with a write
   * (which drops this entry) or with time, so a minute's reuse is safe. Continue re-checks the exact
   * time with availableTimes, which is never reused.
   */
  dates?: { readonly catalog: Catalog; readonly minute: number; readonly result: DateAvailability[] };
}

/**
 * Availability = catalog slots (slots.ts) minus taken intervals (one indexed range query per
 * location × department, cached and invalidated through `db.onChange`). `now` only filters rows;
 * the TTL runs on `performance.now()`, so a frozen test clock cannot keep stale entries alive.
 */
export function createAvailability(db: Database, options: AvailabilityOptions = {}): Availability {
  const ttl = options.cacheTtlMs ?? (db.kind === 'postgres' ? 2_000 : 60_000);
  const taken = new Map<string, CachedTaken>();
  const generation = new Map<string, number>();
  const slotCache = new WeakMap<Catalog, Map<string, Slot[]>>();
  const unsubscribe = db.onChange((key) => {
    taken.delete(key);
    generation.set(key, (generation.get(key) ?? 0) + 1);
  });

  function slotsOf(catalog: Catalog, location: Location, date: string): Slot[] {
    let perCatalog = slotCache.get(catalog);
    if (!perCatalog || perCatalog.size > 20_000) {
      perCatalog = new Map();
      slotCache.set(catalog, perCatalog);
    }
    const key = `${location.id}|${date}`;
    let slots = perCatalog.get(key);
    if (!slots) {
      slots = daySlots(location, date, catalog.booking);
      perCatalog.set(key, slots);
    }
    return slots;
  }

  async function takenFor(
    locationId: string,
    departmentId: string,
    from: number,
    to: number,
    now: number,
    ignoring: string | undefined,
  ) {
    const key = scheduleKey(locationId, departmentId);
    const cached = taken.get(key);
    if (cached && cached.from <= from && cached.to >= to && performance.now() - cached.fetchedAt < ttl) {
      return { intervals: liveAt(cached.rows, now, ignoring), entry: cached };
    }
    const gen = generation.get(key) ?? 0;
    const fetchedAt = performance.now();
    const rows = await takenRows(db, { locationId, departmentId, from: new Date(from), to: new Date(to) });
    const entry: CachedTaken = { rows, from, to, fetchedAt };
    if ((generation.get(key) ?? 0) === gen) taken.set(key, entry);
    return { intervals: liveAt(rows, now, ignoring), entry };
  }

  async function schedule(
    catalog: Catalog,
    locationId: string,
    departmentId: string,
    now: number,
    ignoring: string | undefined,
  ) {
    const location = catalog.locations.find((l) => l.id === locationId);
    const capacity = location?.capacity[departmentId];
    if (!location || capacity === undefined) throw new UnknownUnitError(locationId, departmentId);
    const dates = windowDates(location, now, catalog.booking);
    const from = startOfLocalDay(location.timeZone, dates[0]!);
    const to = startOfLocalDay(location.timeZone, addDays(dates[dates.length - 1]!, 1));
    const { intervals, entry } = await takenFor(locationId, departmentId, from, to, now, ignoring);
    const earliest = earliestStart(now, catalog.booking);
    const free = (date: string) => {
      const slots = slotsOf(catalog, location, date).filter((s) => s.start >= earliest);
      return {
        slots,
        free: freeUnits(
          slots,
          near(intervals, slots, catalog.booking.bufferMinutes),
          capacity,
          catalog.booking.bufferMinutes,
        ),
      };
    };
    return { dates, free, entry };
  }

  return {
    async availableDates(catalog, locationId, departmentId, now, ignoring) {
      const { dates, free, entry } = await schedule(catalog, locationId, departmentId, now.getTime(), ignoring);
      const minute = Math.floor(now.getTime() / 60_000);
      const memo = ignoring ? undefined : entry.dates;
      if (memo && memo.catalog === catalog && memo.minute === minute) return memo.result;
      const result = dates.map((date) => ({ date, freeSlots: free(date).free.filter((n) => n > 0).length }));
      // A rescheduling customer's list (their own time free) is theirs alone: not kept for others.
      if (!ignoring) entry.dates = { catalog, minute, result };
      return result;
    },
    async availableTimes(catalog, locationId, departmentId, date, now, ignoring) {
      const { dates, free } = await schedule(catalog, locationId, departmentId, now.getTime(), ignoring);
      if (!dates.includes(date)) return [];
      const day = free(date);
      return day.slots.map((s, i) => ({ time: s.time, start: s.start, end: s.end, free: day.free[i]! }));
    },
    close: unsubscribe,
  };
}

/**
 * The intervals (sorted by `from`) that can touch the given slots. A booking lasts at most a day
 * (slotMinutes ≤ 480, buffer ≤ 240), so anything starting more than a day earlier is irrelevant.
 */
function near(sorted: readonly TakenInterval[], slots: readonly Slot[], bufferMinutes: number): TakenInterval[] {
  const first = slots[0];
  const last = slots[slots.length - 1];
  if (!first || !last) return [];
  const lo = lowerBound(sorted, first.start - 86_400_000);
  const hi = lowerBound(sorted, last.end + bufferMinutes * 60_000);
  return sorted.slice(lo, hi).filter((t) => t.to > first.start);
}

function lowerBound(sorted: readonly TakenInterval[], from: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.from < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
