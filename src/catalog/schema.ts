import { IANAZone } from 'luxon';
import { z } from 'zod';

/** A visible string: one text, or one per language code (`en_US`, `ar`, …) with `default` as the fallback. */
export const textSchema = z.union([
  z.string().min(1),
  z.record(z.string(), z.string().min(1)).refine((t) => Object.keys(t).length > 0, 'needs at least one language'),
]);
export type Text = z.infer<typeof textSchema>;

const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'ids are lower-case letters, digits, "_" and "-" (at most 63)');

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'times are HH:MM (00:00–24:00)');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD');

/** Opening intervals of one day, `[["09:00","12:30"],["13:30","17:00"]]`; empty means closed. */
const intervals = z.array(z.tuple([clock, clock])).superRefine((list, ctx) => {
  let previousEnd = '';
  list.forEach(([from, to], i) => {
    if (from >= to) ctx.addIssue({ code: 'custom', path: [i], message: `opens ${from} but closes ${to}` });
    if (from < previousEnd)
      ctx.addIssue({ code: 'custom', path: [i], message: 'intervals overlap or are out of order' });
    previousEnd = to;
  });
});

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const weeklyHours = z.object({
  mon: intervals.default([]),
  tue: intervals.default([]),
  wed: intervals.default([]),
  thu: intervals.default([]),
  fri: intervals.default([]),
  sat: intervals.default([]),
  sun: intervals.default([]),
}) satisfies z.ZodType<Record<Weekday, Array<[string, string]>>>;

const locationSchema = z.object({
  id: idSchema,
  title: textSchema,
  address: z.string().min(1),
  timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone'),
  /** Department id → number of bookable units (advisers, chairs, rooms) for it here. */
  capacity: z.record(idSchema, z.number().int().min(1).max(100)),
  hours: weeklyHours,
  closures: z.array(z.object({ from: isoDate, to: isoDate, reason: z.string().optional() })).default([]),
  specialDays: z.array(z.object({ date: isoDate, hours: intervals })).default([]),
});

export const catalogSchema = z
  .object({
    business: z.object({
      name: z.string().min(1),
      defaultLanguage: z.string().default('en_US'),
      /** Where else customers can book when the Flow cannot be sent (throttled or blocked by Meta). */
      phone: z.string().min(3).max(40).optional(),
      bookingUrl: z.url({ protocol: /^https?$/ }).optional(),
    }),
    booking: z
      .object({
        slotMinutes: z.number().int().min(5).max(480).default(30),
        bufferMinutes: z.number().int().min(0).max(240).default(0),
        minNoticeMinutes: z
          .number()
          .int()
          .min(0)
          .max(60 * 24 * 30)
          .default(60),
        windowDays: z.number().int().min(1).max(366).default(30),
        holdMinutes: z.number().int().min(1).max(120).default(10),
        /** Reminder offsets before the start, e.g. ["24h", "2h", "30m"]. */
        reminders: z.array(z.string().regex(/^\d+[hm]$/, 'offsets look like 24h or 30m')).default(['24h', '2h']),
      })
      .prefault({}),
    departments: z
      .array(z.object({ id: idSchema, title: textSchema }))
      .min(1)
      .max(200),
    locations: z.array(locationSchema).min(1).max(200),
  })
  .superRefine((catalog, ctx) => {
    const departments = new Set<string>();
    catalog.departments.forEach((d, i) => {
      if (departments.has(d.id))
        ctx.addIssue({ code: 'custom', path: ['departments', i, 'id'], message: `duplicate id "${d.id}"` });
      departments.add(d.id);
    });
    const locations = new Set<string>();
    catalog.locations.forEach((l, i) => {
      if (locations.has(l.id))
        ctx.addIssue({ code: 'custom', path: ['locations', i, 'id'], message: `duplicate id "${l.id}"` });
      locations.add(l.id);
      for (const dep of Object.keys(l.capacity)) {
        if (!departments.has(dep)) {
          ctx.addIssue({
            code: 'custom',
            path: ['locations', i, 'capacity', dep],
            message: `unknown department "${dep}"`,
          });
        }
      }
      l.closures.forEach((c, j) => {
        if (c.from > c.to)
          ctx.addIssue({ code: 'custom', path: ['locations', i, 'closures', j], message: 'from is after to' });
      });
    });
  });

export type Catalog = z.infer<typeof catalogSchema>;
export type Location = Catalog['locations'][number];
export type Department = Catalog['departments'][number];
