/**
 * The console's figures (docs/console.md, "Insights" and "Operations"), assembled from the queries of
 * the folders that own each table. Pure arithmetic on their tallies lives here so it can be read apart.
 */
import { DateTime } from 'luxon';
import {
  bookingIdsByLocalDay,
  bookingTallies,
  type BookingTally,
  type LocationZone,
  type Outcome,
} from '../booking/insights.ts';
import type { Queryable } from '../db/types.ts';
import { FUNNEL_STEPS, type FunnelStep } from '../flows/funnel.ts';
import { listJobs } from '../jobs/queue.ts';
import { flowHealthReport, flowSendable } from '../messaging/flow-health.ts';
import { outboundStateCounts, statesOf } from '../messaging/outbox.ts';
import { templateStates } from '../messaging/template-status.ts';
import { outcomeCounts } from '../reminders/outcomes.ts';
import { funnelCounts } from './funnel.ts';

export type OutcomeCounts = Record<Outcome, number>;

export interface InsightsDay extends OutcomeCounts {
  readonly date: string;
  /** No-shows ÷ the day's bookings that have started and were not cancelled; null when none has. */
  readonly noShowRate: number | null;
}

export interface Insights {
  readonly from: string;
  readonly to: string;
  readonly location: string | null;
  /** The zone the funnel's range is read in: the location's, else the business's first location's. */
  readonly zone: string;
  readonly bookings: { readonly days: InsightsDay[]; readonly total: OutcomeCounts };
  readonly noShows: { readonly noShows: number; readonly started: number; readonly rate: number | null };
  /** Bookings that were not cancelled, by the local hour they start at (0–23). */
  readonly hours: { readonly hour: number; readonly bookings: number }[];
  readonly funnel: { readonly step: FunnelStep; readonly sessions: number; readonly dropOff: number }[];
  readonly reminders: ReminderTally;
}

/** Reminders of the range's bookings by outcome; of those sent, how many were delivered and how many read. */
export interface ReminderTally {
  readonly sent: number;
  readonly skipped: number;
  readonly removed: number;
  readonly failed: number;
  readonly delivered: number;
  readonly read: number;
}

const zeroOutcomes = (): OutcomeCounts => ({ booked: 0, completed: 0, no_show: 0, cancelled: 0 });
const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** Every date of `[from, to]`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = DateTime.fromISO(from, { zone: 'UTC' }); d.toISODate()! <= to; d = d.plus({ days: 1 }))
    dates.push(d.toISODate()!);
  return dates;
}

/** Folds the tallies into days (every date of the range, zeros included), totals, hours and the no-show rate. */
export function foldTallies(
  tallies: readonly BookingTally[],
  from: string,
  to: string,
): Pick<Insights, 'bookings' | 'noShows' | 'hours'> {
  const days = new Map(datesBetween(from, to).map((d) => [d, { counts: zeroOutcomes(), started: 0, noShows: 0 }]));
  const total = zeroOutcomes();
  const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, bookings: 0 }));
  let started = 0;
  for (const t of tallies) {
    const day = days.get(t.day);
    if (!day) continue;
    day.counts[t.outcome] += t.count;
    total[t.outcome] += t.count;
    if (t.outcome === 'cancelled') continue;
    hours[t.hour]!.bookings += t.count;
    if (!t.started) continue;
    day.started += t.count;
    started += t.count;
    if (t.outcome === 'no_show') day.noShows += t.count;
  }
  return {
    bookings: {
      days: [...days].map(([date, d]) => ({ date, ...d.counts, noShowRate: rate(d.noShows, d.started) })),
      total,
    },
    noShows: { noShows: total.no_show, started, rate: rate(total.no_show, started) },
    hours,
  };
}

/** The instants that bound the local days `[from, to]` in `zone`: from's midnight to the midnight after `to`. */
export function localSpan(from: string, to: string, zone: string): { from: Date; to: Date } {
  return {
    from: DateTime.fromISO(from, { zone }).startOf('day').toJSDate(),
    to: DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day').toJSDate(),
  };
}

/**
 * The insights of `locations` over the local days `[from, to]`. `location` is the one asked for (null:
 * all those given); `zone` reads the funnel's range, whose sessions have no location of their own until
 * they choose one.
 */
export async function insightsReport(
  q: Queryable,
  input: {
    readonly from: string;
    readonly to: string;
    readonly location: string | null;
    readonly locations: readonly LocationZone[];
    /** Restrict the funnel to sessions that chose one of `locations` (a location asked, or a staff member). */
    readonly funnelByLocation: boolean;
    readonly zone: string;
    readonly now: Date;
  },
): Promise<Insights> {
  const range = { from: input.from, to: input.to, locations: input.locations };
  const tallies = await bookingTallies(q, { ...range, now: input.now });
  const reminders = await reminderTally(q, range);
  const span = localSpan(input.from, input.to, input.zone);
  const counts = await funnelCounts(q, {
    ...span,
    locations: input.funnelByLocation ? input.locations.map((l) => l.id) : undefined,
  });
  const funnel = FUNNEL_STEPS.map((step, i) => {
    const next = FUNNEL_STEPS[i + 1];
    return { step, sessions: counts[step], dropOff: next ? counts[step] - counts[next] : 0 };
  });
  return {
    from: input.from,
    to: input.to,
    location: input.location,
    zone: input.zone,
    ...foldTallies(tallies, input.from, input.to),
    funnel,
    reminders,
  };
}

/** The reminders of the bookings (any status) at the same locations and local days as `bookingTallies`, from each table's owner. */
async function reminderTally(
  q: Queryable,
  range: { readonly from: string; readonly to: string; readonly locations: readonly LocationZone[] },
): Promise<ReminderTally> {
  const { counts, sentMessages } = await outcomeCounts(q, await bookingIdsByLocalDay(q, range));
  const states = await statesOf(q, sentMessages);
  return { ...counts, delivered: states.delivered + states.read, read: states.read };
}

/** What `GET /api/operations` answers (docs/console.md). */
export async function operationsReport(
  q: Queryable,
  input: { readonly flowId: string | undefined; readonly zone: string; readonly now: Date },
) {
  const templates = await templateStates(q);
  const health = await flowHealthReport(q, 20);
  const sendable = input.flowId ? await flowSendable(q, input.flowId) : true;
  const failedJobs = await listJobs(q, { state: 'failed', limit: 100 });
  const today = DateTime.fromJSDate(input.now, { zone: input.zone }).toISODate()!;
  const span = localSpan(today, today, input.zone);
  const byState = await outboundStateCounts(q, span.from, span.to);
  return {
    templates: templates.map((t) => ({
      name: t.name,
      language: t.language,
      status: t.status,
      reason: t.reason,
      sendable: t.status === null || t.status === 'APPROVED',
      category: t.category,
      quality: t.quality,
      updatedAt: t.updatedAt.toISOString(),
    })),
    flow: { flowId: input.flowId ?? null, sendable, ...health },
    failedJobs,
    messagesToday: {
      date: today,
      zone: input.zone,
      from: span.from.toISOString(),
      to: span.to.toISOString(),
      byState,
      total: Object.values(byState).reduce((a, b) => a + b, 0),
    },
  };
}
