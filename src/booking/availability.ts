import { bookingModel, type Provider, type Service } from '../catalog/model.ts';
import type { Catalog, Location } from '../catalog/schema.ts';
import type { Database } from '../db/types.ts';
import { UnknownUnitError } from './errors.ts';
import { addDays, earliestStart, slotsIn, startOfLocalDay, windowDates, type Slot } from './slots.ts';
import { claimedBlocks, liveAt, TakenBlocks, takenRowsOfUnits } from './taken.ts';
import { localDate } from '../time.ts';

// The shapes the Flow screens consume (date and time option ids, free counts) are defined by their port.
export type { Choice, DateAvailability, TimeAvailability } from '../flows/ports.ts';
import type { Choice, DateAvailability, TimeAvailability } from '../flows/ports.ts';

export interface Availability {
  /**
   * Every date of the service's booking window (today first, in the location's zone) with its free
   * start count. `ignoring` names a booking being rescheduled: its own time counts as free (taken.ts `liveAt`).
   * @throws UnknownUnitError when nobody takes the service at the location (with that staff member).
   */
  availableDates(catalog: Catalog, choice: Choice, now: Date, ignoring?: string): Promise<DateAvailability[]>;
  /**
   * The start times of one local date past the minimum notice, with who is free (`free: 0` when
   * everyone is taken, so a Flow can show the time as gone); [] outside the window.
   */
  availableTimes(
    catalog: Catalog,
    choice: Choice,
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

/** One unit's taken rows over a span, as read at `fetchedAt` (performance.now()). */
interface CachedUnit {
  readonly rows: TakenBlocks;
  readonly from: number;
  readonly to: number;
  readonly fetchedAt: number;
  readonly generation: number;
}

interface DatesMemo {
  readonly catalog: Catalog;
  readonly minute: number;
  readonly generations: readonly number[];
  readonly fetchedAt: number;
  readonly result: DateAvailability[];
}

/**
 * Availability = each provider's start times (their hours at the location, slots.ts) minus what
 * their unit is taken for (one indexed range query for the units not cached, invalidated through
 * `db.onChange`, whose keys are unit ids). A start is free for a provider when its whole block
 * (buffer before, the service, buffer after) misses every block on that unit, exactly the exclusion
 * constraint's rule, and the provider is under their daily capacity. `now` only filters rows; the
 * TTL runs on `performance.now()`, so a frozen test clock cannot keep stale entries alive.
 */
export function createAvailability(db: Database, options: AvailabilityOptions = {}): Availability {
  const ttl = options.cacheTtlMs ?? (db.kind === 'postgres' ? 2_000 : 60_000);
  const units = new Map<string, CachedUnit>();
  const generation = new Map<string, number>();
  const datesMemo = new Map<string, DatesMemo>();
  const memoUnits = new Map<string, readonly string[]>();
  const unsubscribe = db.onChange((key) => {
    units.delete(key);
    generation.set(key, (generation.get(key) ?? 0) + 1);
  });

  async function takenOf(ids: readonly string[], from: number, to: number): Promise<Map<string, TakenBlocks>> {
    const at = performance.now();
    const result = new Map<string, TakenBlocks>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = units.get(id);
      if (cached && cached.from <= from && cached.to >= to && at - cached.fetchedAt < ttl) result.set(id, cached.rows);
      else missing.push(id);
    }
    if (missing.length === 0) return result;
    const before = missing.map((id) => generation.get(id) ?? 0);
    const fetched = await takenRowsOfUnits(db, { units: missing, from: new Date(from), to: new Date(to) });
    missing.forEach((id, i) => {
      const rows = fetched.get(id) ?? TakenBlocks.none;
      result.set(id, rows);
      // A write announced while the query ran may be missing from its rows: use them once, keep nothing.
      // Nor are they kept when they could never be reused (no TTL): kept rows outlive the young
      // generation, and copying them made every collection of it take 10 ms (bench/availability.ts).
      if (ttl > 0 && (generation.get(id) ?? 0) === before[i]) {
        units.set(id, { rows, from, to, fetchedAt: at, generation: before[i]! });
      }
    });
    if (units.size > 100_000) units.clear();
    return result;
  }

  async function schedule(catalog: Catalog, choice: Choice, now: number, ignoring: string | undefined, only?: string) {
    const model = bookingModel(catalog);
    const service = model.service(choice.serviceId);
    const location = catalog.locations.find((l) => l.id === choice.locationId);
    const providers = service && location ? model.providers(service.id, location.id, choice.staffId) : [];
    if (!service || !location || providers.length === 0) {
      throw new UnknownUnitError(choice.locationId, choice.serviceId, choice.staffId);
    }
    const dates = windowDates(location, now, service.rules);
    // One date's times need that date's rows only (and a neighbour's, whose blocks may reach into it).
    const first = only && dates.includes(only) ? addDays(only, -1) : dates[0]!;
    const last = only && dates.includes(only) ? addDays(only, 1) : dates[dates.length - 1]!;
    const from = startOfLocalDay(location.timeZone, first);
    const to = startOfLocalDay(location.timeZone, addDays(last, 1));
    const ids = providers.map((p) => p.unitId);
    const [taken, claimed] = await Promise.all([
      takenOf(ids, from, to),
      ignoring ? claimedBlocks(db, ignoring) : undefined,
    ]);
    const live = providers.map((p) => liveAt(taken.get(p.unitId) ?? TakenBlocks.none, now, claimed));
    const earliest = earliestStart(now, service.rules);
    const day = (date: string) => freeStarts(location, service, providers, live, date, earliest);
    const counts = () => countFree(location, service, providers, live, dates, earliest);
    return { dates, day, counts, ids };
  }

  return {
    async availableDates(catalog, choice, now, ignoring) {
      const at = now.getTime();
      const key = `${choice.serviceId}|${choice.locationId}|${choice.staffId ?? ''}`;
      const minute = Math.floor(at / 60_000);
      const memo = ignoring ? undefined : datesMemo.get(key);
      // Every APPOINTMENT answer lists the dates of each location offering the service; they change
      // only with a write to one of its units (its generation moves) or with time, so a minute's reuse
      // is safe. Continue re-checks the exact time with availableTimes, which is never reused.
      if (
        memo &&
        memo.catalog === catalog &&
        memo.minute === minute &&
        performance.now() - memo.fetchedAt < ttl &&
        sameGenerations(memo.generations, generation, memoUnits.get(key))
      ) {
        return memo.result;
      }
      const fetchedAt = performance.now();
      // Generations are read before the query: a write during it makes the memo stale at once.
      const unitIds = bookingModel(catalog)
        .providers(choice.serviceId, choice.locationId, choice.staffId)
        .map((p) => p.unitId);
      const generations = unitIds.map((id) => generation.get(id) ?? 0);
      const { dates, counts, ids } = await schedule(catalog, choice, at, ignoring);
      const free = counts();
      const result = dates.map((date, i) => ({ date, freeSlots: free[i]! }));
      // A rescheduling customer's list (their own time free) is theirs alone: not kept for others.
      if (!ignoring && ttl > 0) {
        if (datesMemo.size > 10_000) datesMemo.clear();
        memoUnits.set(key, ids);
        datesMemo.set(key, { catalog, minute, generations, fetchedAt, result });
      }
      return result;
    },
    async availableTimes(catalog, choice, date, now, ignoring) {
      const { dates, day } = await schedule(catalog, choice, now.getTime(), ignoring, date);
      if (!dates.includes(date)) return [];
      return day(date);
    },
    close: unsubscribe,
  };
}

function sameGenerations(
  before: readonly number[],
  now: ReadonlyMap<string, number>,
  ids: readonly string[] | undefined,
): boolean {
  if (!ids || ids.length !== before.length) return false;
  return ids.every((id, i) => (now.get(id) ?? 0) === before[i]);
}

/**
 * The start times of a local date past the minimum notice, in time order, with how many providers
 * are free then (0: everyone is taken) and the free staff members' ids. Each provider's starts
 * come from their own hours; a time offered by several is listed once.
 */
function freeStarts(
  location: Location,
  service: Service,
  providers: readonly Provider[],
  live: readonly TakenBlocks[],
  date: string,
  earliest: number,
): TimeAvailability[] {
  const byTime = new Map<string, { slot: Slot; free: number; staff: string[] }>();
  providers.forEach((provider, i) => {
    const day = providerDay(location, service, provider, live[i]!, date);
    for (const slot of day.slots) {
      if (slot.start < earliest) continue;
      let entry = byTime.get(slot.time);
      if (!entry) {
        entry = { slot, free: 0, staff: [] };
        byTime.set(slot.time, entry);
      }
      if (!day.isFree(slot)) continue;
      entry.free++;
      if (provider.staffId !== undefined) entry.staff.push(provider.staffId);
    }
  });
  return [...byTime.values()]
    .sort((a, b) => a.slot.start - b.slot.start)
    .map(({ slot, free, staff }) => ({ time: slot.time, start: slot.start, end: slot.end, free, staff }));
}

/**
 * For each date, how many distinct start times someone is free for: what {@link freeStarts} would
 * count with `free > 0`, without building its lists. It is the work of every dates answer (every
 * date × every provider), so it allocates nothing per start: a start already free for one provider
 * is marked in a shared array by its minute of the day and not checked for the others, and each
 * provider's rows are walked once over the whole window (dates and their starts come in time order).
 */
function countFree(
  location: Location,
  service: Service,
  providers: readonly Provider[],
  live: readonly TakenBlocks[],
  dates: readonly string[],
  earliest: number,
): number[] {
  const zone = location.timeZone;
  const before = service.bufferBeforeMinutes * 60_000;
  const after = service.bufferAfterMinutes * 60_000;
  const next = dates.map((date) => startOfLocalDay(zone, date));
  next.push(startOfLocalDay(zone, addDays(dates[dates.length - 1]!, 1)));
  const cursor = providers.map((_, i) => firstReaching(live[i]!, next[0]! - before));
  const counts: number[] = [];
  for (let d = 0; d < dates.length; d++) {
    const date = dates[d]!;
    const dayStart = next[d]!;
    const mark = nextMark();
    let free = 0;
    for (let i = 0; i < providers.length; i++) {
      const provider = providers[i]!;
      const rows = live[i]!;
      const slots = slotsIn(zone, date, provider.hours(date), service.durationMinutes, service.rules.stepMinutes);
      if (slots.length === 0) continue;
      if (
        provider.dailyCapacity !== undefined &&
        startsWithin(rows, dayStart, next[d + 1]!) >= provider.dailyCapacity
      ) {
        continue;
      }
      let p = cursor[i]!;
      for (const slot of slots) {
        if (slot.start < earliest) continue;
        const minute = ((slot.start - dayStart) / 60_000) | 0;
        if (marks[minute] === mark) continue;
        const blockStart = slot.start - before;
        const blockEnd = slot.end + after;
        // Rows are sorted by block start; one whose block ended before ours can never matter again.
        while (p < rows.length && rows.to(p) <= blockStart) p++;
        if (p < rows.length && rows.from(p) < blockEnd && overlapsAny(rows, p, blockStart, blockEnd)) continue;
        marks[minute] = mark;
        free++;
      }
      cursor[i] = p;
    }
    counts.push(free);
  }
  return counts;
}

/** Marks of {@link countFree}, one per minute of a (25-hour at most) day; a new date takes a new mark value. */
const marks = new Int32Array(25 * 60);
let lastMark = 0;

function nextMark(): number {
  if (lastMark === 0x7fffffff) {
    marks.fill(0);
    lastMark = 0;
  }
  return ++lastMark;
}

/**
 * One provider's starts on a local date and a test of each, asked in time order: free when the
 * whole block (buffer before, the service, buffer after) misses every block on their unit and they
 * are under their daily capacity. The test walks the unit's rows once over the day.
 */
function providerDay(location: Location, service: Service, provider: Provider, rows: TakenBlocks, date: string) {
  const slots = slotsIn(
    location.timeZone,
    date,
    provider.hours(date),
    service.durationMinutes,
    service.rules.stepMinutes,
  );
  const before = service.bufferBeforeMinutes * 60_000;
  const after = service.bufferAfterMinutes * 60_000;
  const dayStart = startOfLocalDay(location.timeZone, date);
  const full =
    slots.length > 0 &&
    provider.dailyCapacity !== undefined &&
    startsWithin(rows, dayStart, startOfLocalDay(location.timeZone, addDays(date, 1))) >= provider.dailyCapacity;
  let p = firstReaching(rows, dayStart - before);
  return {
    slots,
    isFree(slot: Slot): boolean {
      if (full) return false;
      const blockStart = slot.start - before;
      const blockEnd = slot.end + after;
      // Rows are sorted by block start; one whose block ended before ours can never matter again.
      while (p < rows.length && rows.to(p) <= blockStart) p++;
      return !(p < rows.length && rows.from(p) < blockEnd && overlapsAny(rows, p, blockStart, blockEnd));
    },
  };
}

/**
 * The first row (sorted by block start) whose block could reach `from`: blocks last at most a day
 * (a service ≤ 12 h, buffers ≤ 4 h each), so none starting a day earlier can.
 */
function firstReaching(rows: TakenBlocks, from: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows.from(mid) < from - 86_400_000) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether a block overlaps any row from index `p` on. Rows of one unit almost never overlap each
 * other (only a rescheduling hold and the booking it moves may), so the first candidate decides
 * unless it ends before the block starts.
 */
function overlapsAny(rows: TakenBlocks, p: number, from: number, to: number): boolean {
  for (let i = p; i < rows.length && rows.from(i) < to; i++) if (rows.to(i) > from) return true;
  return false;
}

function startsWithin(rows: TakenBlocks, from: number, to: number): number {
  let n = 0;
  for (let i = firstReaching(rows, from); i < rows.length && rows.from(i) < to + 86_400_000; i++) {
    const start = rows.start(i);
    if (start >= from && start < to) n++;
  }
  return n;
}

/**
 * Who may take a start time per the catalog alone (hours, time off, the service's grid), bookings
 * not considered: the candidates a hold tries, in catalog order. The database then decides who is
 * really free (the exclusion constraint) and who is under their daily capacity (holds.ts).
 */
export function providersAt(catalog: Catalog, choice: Choice, start: number): Provider[] {
  const model = bookingModel(catalog);
  const service = model.service(choice.serviceId);
  const location = catalog.locations.find((l) => l.id === choice.locationId);
  if (!service || !location) return [];
  const date = localDate(location.timeZone, start);
  return model
    .providers(service.id, location.id, choice.staffId)
    .filter((p) =>
      slotsIn(location.timeZone, date, p.hours(date), service.durationMinutes, service.rules.stepMinutes).some(
        (s) => s.start === start,
      ),
    );
}
