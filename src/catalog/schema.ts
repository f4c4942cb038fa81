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
  /**
   * Department (category) id → number of anonymous bookable units (advisers, chairs, rooms) for it
   * here. They take the services of that category that no staff member takes here.
   */
  capacity: z.record(idSchema, z.number().int().min(1).max(100)).default({}),
  hours: weeklyHours,
  closures: z.array(z.object({ from: isoDate, to: isoDate, reason: z.string().optional() })).default([]),
  specialDays: z.array(z.object({ date: isoDate, hours: intervals })).default([]),
});

/** Rules a service may set for itself; unset ones fall back to the catalog's `booking` rules. */
const serviceRules = {
  /** Minutes between two start times offered (the grid), independent of the duration. */
  stepMinutes: z.number().int().min(5).max(480).optional(),
  minNoticeMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30)
    .optional(),
  windowDays: z.number().int().min(1).max(366).optional(),
  holdMinutes: z.number().int().min(1).max(120).optional(),
  /** How many upcoming confirmed bookings of this service one customer may have at once. */
  maxOpenPerCustomer: z.number().int().min(1).max(100).optional(),
};

/**
 * A price in major units of an ISO 4217 currency. `amount` has at most three decimals, so
 * `amount × 1000` (Meta's `amount_1000`, docs/protocol.md §6) is exact.
 */
const priceSchema = z.object({
  amount: z
    .number()
    .min(0)
    .max(1e12)
    .refine((a) => Math.abs(Math.round(a * 1000) - a * 1000) < 1e-6, 'at most three decimals'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as GBP or EUR'),
});

const serviceSchema = z.object({
  id: idSchema,
  title: textSchema,
  /**
   * A department id: groups services; at a location where no staff member takes this service, the
   * location's anonymous units of that department do.
   */
  category: idSchema.optional(),
  durationMinutes: z.number().int().min(5).max(720),
  price: priceSchema.optional(),
  /** Kept free before the appointment (set-up) and after it (clean-up) on whoever takes it. */
  bufferBeforeMinutes: z.number().int().min(0).max(240).default(0),
  bufferAfterMinutes: z.number().int().min(0).max(240).default(0),
  /** Location ids offering it; by default every location where someone can take it. */
  locations: z.array(idSchema).min(1).optional(),
  ...serviceRules,
});

/** A whole local day (`YYYY-MM-DD`) or a local wall-clock moment (`YYYY-MM-DDTHH:MM`). */
const dayOrMoment = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T([01]\d|2[0-3]):[0-5]\d)?$/, 'YYYY-MM-DD or YYYY-MM-DDTHH:MM');

const staffSchema = z.object({
  id: idSchema,
  /** As customers see it: "Ana", "Chair 3", "Room B". */
  name: textSchema,
  /** A person, or a resource such as a room or a chair: booked the same way. */
  kind: z.enum(['person', 'resource']).default('person'),
  /** Service ids this member takes. */
  services: z.array(idSchema).min(1),
  /** Location id → weekly hours there. A member works only where and when listed. */
  hours: z.record(idSchema, weeklyHours).refine((h) => Object.keys(h).length > 0, 'needs at least one location'),
  /**
   * Time off: whole local days (`from`/`to` dates, inclusive) or a stretch between two local
   * moments (`YYYY-MM-DDTHH:MM`, end exclusive), in the zone of the location being booked.
   */
  timeOff: z.array(z.object({ from: dayOrMoment, to: dayOrMoment, reason: z.string().optional() })).default([]),
  /** At most this many bookings on one local day, across locations. */
  dailyCapacity: z.number().int().min(1).max(200).optional(),
  /**
   * The member's own calendar: its busy times block their availability (src/calendars/). An ICS
   * address (Google's secret address, Outlook's published calendar; `webcal://` is read as
   * `https://`) or a CalDAV collection, with a user name and the name of the environment variable
   * holding its password (never the password itself). The address may itself be a secret: it is never logged.
   */
  calendar: z
    .union([
      z.strictObject({ ics: z.url({ protocol: /^(https?|webcal)$/ }) }),
      z.strictObject({
        caldav: z.url({ protocol: /^https?$/ }),
        username: z.string().min(1).max(200).optional(),
        passwordEnv: z
          .string()
          .regex(/^[A-Z_][A-Z0-9_]*$/, 'the name of an environment variable, e.g. ANA_CALDAV_PASSWORD')
          .optional(),
      }),
    ])
    .optional(),
});

/**
 * One of the business's WhatsApp numbers, when it has several (one per country or group of
 * locations): webhooks name it by `metadata.phone_number_id` (docs/protocol.md §6), and what a
 * customer who writes to it sees is its own: its Flow, its default language, its locations, and
 * its own send limit (Meta's throughput is per number, §9).
 */
const numberSchema = z.object({
  phoneNumberId: z.string().regex(/^\d{5,20}$/, "Meta's phone number id: 5 to 20 digits"),
  /** A name for people (the console, the logs): "Spain", "North". */
  name: z.string().min(1).max(80).optional(),
  /** The Flow published for this number's customers (default FLOW_ID). */
  flowId: z
    .string()
    .regex(/^\d{5,20}$/, "Meta's Flow id: 5 to 20 digits")
    .optional(),
  /** The language of a new customer who writes to this number without a keyword in theirs (default: the business's). */
  defaultLanguage: z.string().min(2).max(10).optional(),
  /** The locations this number books (default: all). */
  locations: z.array(idSchema).min(1).optional(),
  /** Messages per second from this number (default SEND_RATE_PER_SECOND). */
  sendRatePerSecond: z.number().int().min(1).max(1000).optional(),
});

const catalogObject = z.object({
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
      /** The start-time grid of services that set no `stepMinutes` (default: their duration). */
      stepMinutes: z.number().int().min(5).max(480).optional(),
      /** How many upcoming confirmed bookings one customer may have at once (all services). */
      maxOpenPerCustomer: z.number().int().min(1).max(100).optional(),
      /** Reminder offsets before the start, e.g. ["24h", "2h", "30m"]. */
      reminders: z.array(z.string().regex(/^\d+[hm]$/, 'offsets look like 24h or 30m')).default(['24h', '2h']),
    })
    .prefault({}),
  /** The waitlist (src/waitlist/): how long an offered time is held, how many days one entry may span. */
  waitlist: z
    .object({
      offerMinutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60)
        .default(15),
      maxDays: z.number().int().min(1).max(366).default(14),
    })
    .prefault({}),
  /** Meta's sample calls them departments; with services they are the services' categories. */
  departments: z
    .array(z.object({ id: idSchema, title: textSchema }))
    .max(200)
    .default([]),
  locations: z.array(locationSchema).min(1).max(200),
  /** What customers book. Without it, each department is booked as one service of `slotMinutes`. */
  services: z.array(serviceSchema).max(500).optional(),
  staff: z.array(staffSchema).max(5000).default([]),
  /** The business's WhatsApp numbers; without them PHONE_NUMBER_ID is its one number, for every location. */
  numbers: z.array(numberSchema).max(100).default([]),
});

export const catalogSchema = catalogObject.superRefine((catalog, ctx) => {
  if (catalog.departments.length === 0 && !catalog.services?.length)
    ctx.addIssue({ code: 'custom', path: ['departments'], message: 'list departments or services' });
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
  checkServices(catalog, departments, locations, ctx);
  const numbers = new Set<string>();
  catalog.numbers.forEach((n, i) => {
    if (numbers.has(n.phoneNumberId))
      ctx.addIssue({
        code: 'custom',
        path: ['numbers', i, 'phoneNumberId'],
        message: `duplicate id "${n.phoneNumberId}"`,
      });
    numbers.add(n.phoneNumberId);
    n.locations?.forEach((l, j) => {
      if (!locations.has(l))
        ctx.addIssue({ code: 'custom', path: ['numbers', i, 'locations', j], message: `unknown location "${l}"` });
    });
  });
});

type Draft = z.infer<typeof catalogObject>;

/** Ids that name something, services without anyone to take them, staff hours at unknown places. */
function checkServices(
  catalog: Draft,
  departments: ReadonlySet<string>,
  locations: ReadonlySet<string>,
  ctx: z.RefinementCtx,
): void {
  const services = new Set<string>();
  (catalog.services ?? []).forEach((s, i) => {
    if (services.has(s.id))
      ctx.addIssue({ code: 'custom', path: ['services', i, 'id'], message: `duplicate id "${s.id}"` });
    services.add(s.id);
    if (s.category !== undefined && !departments.has(s.category))
      ctx.addIssue({
        code: 'custom',
        path: ['services', i, 'category'],
        message: `unknown department "${s.category}"`,
      });
    s.locations?.forEach((l, j) => {
      if (!locations.has(l))
        ctx.addIssue({ code: 'custom', path: ['services', i, 'locations', j], message: `unknown location "${l}"` });
    });
  });
  const staff = new Set<string>();
  catalog.staff.forEach((m, i) => {
    if (!catalog.services)
      ctx.addIssue({ code: 'custom', path: ['staff', i], message: 'staff take services: list the services first' });
    if (staff.has(m.id)) ctx.addIssue({ code: 'custom', path: ['staff', i, 'id'], message: `duplicate id "${m.id}"` });
    staff.add(m.id);
    m.services.forEach((s, j) => {
      if (catalog.services && !services.has(s))
        ctx.addIssue({ code: 'custom', path: ['staff', i, 'services', j], message: `unknown service "${s}"` });
    });
    for (const l of Object.keys(m.hours)) {
      if (!locations.has(l))
        ctx.addIssue({ code: 'custom', path: ['staff', i, 'hours', l], message: `unknown location "${l}"` });
    }
    m.timeOff.forEach((t, j) => {
      if (t.from.length !== t.to.length)
        ctx.addIssue({
          code: 'custom',
          path: ['staff', i, 'timeOff', j],
          message: 'from and to are both dates or both moments',
        });
      else if (t.from.length === 10 ? t.from > t.to : t.from >= t.to)
        ctx.addIssue({ code: 'custom', path: ['staff', i, 'timeOff', j], message: 'from is after to' });
    });
  });
  (catalog.services ?? []).forEach((s, i) => {
    const staffed = catalog.staff.some((m) => m.services.includes(s.id));
    const units = s.category !== undefined && catalog.locations.some((l) => (l.capacity[s.category!] ?? 0) > 0);
    if (!staffed && !units)
      ctx.addIssue({
        code: 'custom',
        path: ['services', i],
        message: 'nobody can take it: no staff member does it and no location has units of its category',
      });
  });
}

export type Catalog = z.infer<typeof catalogSchema>;
export type Location = Catalog['locations'][number];
export type Department = Catalog['departments'][number];
export type ServiceEntry = NonNullable<Catalog['services']>[number];
export type StaffEntry = Catalog['staff'][number];
export type Price = z.infer<typeof priceSchema>;
export type BusinessNumber = Catalog['numbers'][number];
export type WeeklyHours = z.infer<typeof weeklyHours>;
