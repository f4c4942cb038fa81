import { WEEKDAYS, type Catalog, type Location, type Price, type StaffEntry, type Text } from './schema.ts';

/**
 * The booking model a catalog describes, with every default resolved: what customers book
 * (services), who takes it (staff and anonymous units), where and when. A catalog written before
 * services (Meta's sample: departments with a capacity per location) books each department as one
 * service of the same id lasting `slotMinutes`, on the location's units, exactly as before.
 */
export interface BookingModel {
  /** True when the catalog lists services; false when they stand for its departments. */
  readonly hasServices: boolean;
  readonly services: readonly Service[];
  readonly staff: readonly StaffEntry[];
  service(id: string): Service | undefined;
  staffMember(id: string): StaffEntry | undefined;
  /** Services with someone to take them at one location at least, in catalog order. */
  bookableServices(): readonly Service[];
  /** Staff members who take a service (at a location, when given), in catalog order. */
  staffFor(serviceId: string, locationId?: string): readonly StaffEntry[];
  /** Locations offering a service (with that staff member, when given), in catalog order. */
  locationsFor(serviceId: string, staffId?: string): readonly Location[];
  /**
   * Whoever can take a service at a location: the staff members who do it there; where none does,
   * the location's anonymous units of its category.
   */
  providers(serviceId: string, locationId: string, staffId?: string): readonly Provider[];
}

export interface ServiceRules {
  readonly stepMinutes: number;
  readonly minNoticeMinutes: number;
  readonly windowDays: number;
  readonly holdMinutes: number;
  /** Upcoming confirmed bookings of this service one customer may have; undefined: no limit. */
  readonly maxOpenPerCustomer: number | undefined;
}

export interface Service {
  readonly id: string;
  readonly title: Text;
  /** The department it belongs to (for a department standing as a service: itself). */
  readonly category: string | undefined;
  readonly durationMinutes: number;
  readonly price: Price | undefined;
  readonly bufferBeforeMinutes: number;
  readonly bufferAfterMinutes: number;
  readonly rules: ServiceRules;
  /** True for a department standing as a service (a catalog without services). */
  readonly fromDepartment: boolean;
}

/** Someone or something a booking occupies: a staff member's unit, or an anonymous unit of a location. */
export interface Provider {
  readonly unitId: string;
  /** The staff member; undefined for an anonymous unit. */
  readonly staffId: string | undefined;
  readonly dailyCapacity: number | undefined;
  /** When it can be booked on a local date at the location: opening intervals as minutes of the day. */
  hours(date: string): readonly Interval[];
}

/** Minutes since local midnight, half-open `[from, to)`; `to` may be 1440. */
export type Interval = readonly [from: number, to: number];

/** The unit id of a staff member: one unit wherever they work (migration 0012). */
export function staffUnitId(staffId: string): string {
  return `staff:${staffId}`;
}

/** The id of the `ordinal`-th anonymous unit of a location × department. */
export function unitId(locationId: string, departmentId: string, ordinal: number): string {
  return `${locationId}:${departmentId}:${ordinal}`;
}

const models = new WeakMap<Catalog, BookingModel>();

/** The catalog's booking model (built once per catalog object: catalogs are frozen). */
export function bookingModel(catalog: Catalog): BookingModel {
  let model = models.get(catalog);
  if (!model) {
    model = buildModel(catalog);
    models.set(catalog, model);
  }
  return model;
}

function buildModel(catalog: Catalog): BookingModel {
  const services = catalog.services ? catalog.services.map((s) => serviceOf(catalog, s)) : departmentServices(catalog);
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const staffById = new Map(catalog.staff.map((m) => [m.id, m]));
  const locationById = new Map(catalog.locations.map((l) => [l.id, l]));
  const allowed = new Map((catalog.services ?? []).map((s) => [s.id, s.locations ? new Set(s.locations) : undefined]));
  const offeredAt = (serviceId: string, locationId: string) => allowed.get(serviceId)?.has(locationId) ?? true;

  const staffFor = memo((serviceId: string, locationId?: string) =>
    catalog.staff.filter(
      (m) =>
        m.services.includes(serviceId) &&
        (locationId === undefined ? Object.keys(m.hours).some((l) => offeredAt(serviceId, l)) : locationId in m.hours),
    ),
  );
  const unitsAt = (service: Service, location: Location) =>
    service.category === undefined ? 0 : (location.capacity[service.category] ?? 0);
  const providers = memo((serviceId: string, locationId: string, staffId?: string): Provider[] => {
    const service = serviceById.get(serviceId);
    const location = locationById.get(locationId);
    if (!service || !location || !offeredAt(serviceId, locationId)) return [];
    const staff = staffFor(serviceId, locationId);
    if (staff.length > 0) {
      return staff.filter((m) => staffId === undefined || m.id === staffId).map((m) => staffProvider(m, location));
    }
    // Where nobody on the staff takes the service, the location's anonymous units of its category do.
    if (staffId !== undefined) return [];
    return Array.from({ length: unitsAt(service, location) }, (_, n) =>
      unitProvider(location, service.category!, n + 1),
    );
  });
  const locationsFor = memo((serviceId: string, staffId?: string) =>
    catalog.locations.filter((l) => providers(serviceId, l.id, staffId).length > 0),
  );
  return {
    hasServices: catalog.services !== undefined,
    services,
    staff: catalog.staff,
    service: (id) => serviceById.get(id),
    staffMember: (id) => staffById.get(id),
    bookableServices: () => services.filter((s) => locationsFor(s.id).length > 0),
    staffFor,
    locationsFor,
    providers,
  };
}

function serviceOf(catalog: Catalog, s: NonNullable<Catalog['services']>[number]): Service {
  const rules = catalog.booking;
  return {
    id: s.id,
    title: s.title,
    category: s.category,
    durationMinutes: s.durationMinutes,
    price: s.price,
    bufferBeforeMinutes: s.bufferBeforeMinutes,
    bufferAfterMinutes: s.bufferAfterMinutes,
    rules: {
      stepMinutes: s.stepMinutes ?? rules.stepMinutes ?? s.durationMinutes,
      minNoticeMinutes: s.minNoticeMinutes ?? rules.minNoticeMinutes,
      windowDays: s.windowDays ?? rules.windowDays,
      holdMinutes: s.holdMinutes ?? rules.holdMinutes,
      maxOpenPerCustomer: s.maxOpenPerCustomer,
    },
    fromDepartment: false,
  };
}

/** Each department as a service of `slotMinutes`, its buffer after, slots every duration + buffer (as before services). */
function departmentServices(catalog: Catalog): Service[] {
  const rules = catalog.booking;
  return catalog.departments.map((d) => ({
    id: d.id,
    title: d.title,
    category: d.id,
    durationMinutes: rules.slotMinutes,
    price: undefined,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: rules.bufferMinutes,
    rules: {
      stepMinutes: rules.stepMinutes ?? rules.slotMinutes + rules.bufferMinutes,
      minNoticeMinutes: rules.minNoticeMinutes,
      windowDays: rules.windowDays,
      holdMinutes: rules.holdMinutes,
      maxOpenPerCustomer: undefined,
    },
    fromDepartment: true,
  }));
}

function unitProvider(location: Location, department: string, ordinal: number): Provider {
  return {
    unitId: unitId(location.id, department, ordinal),
    staffId: undefined,
    dailyCapacity: undefined,
    hours: byDate((date) => openingIntervals(location, date)),
  };
}

/** Remembers a provider's hours per date (asked for every date of the window by every answer). */
function byDate(hours: (date: string) => Interval[]): (date: string) => readonly Interval[] {
  const known = new Map<string, readonly Interval[]>();
  return (date) => {
    let found = known.get(date);
    if (!found) {
      if (known.size > 1000) known.clear();
      found = Object.freeze(hours(date));
      known.set(date, found);
    }
    return found;
  };
}

/** A staff member at a location: their own hours there, inside the location's opening, minus time off. */
function staffProvider(member: StaffEntry, location: Location): Provider {
  const weekly = member.hours[location.id]!;
  return {
    unitId: staffUnitId(member.id),
    staffId: member.id,
    dailyCapacity: member.dailyCapacity,
    hours: byDate((date) => {
      const own = weekly[WEEKDAYS[weekdayIndex(date)]!].map(([from, to]) => [minutes(from), minutes(to)] as const);
      let open = intersect(own, openingIntervals(location, date));
      for (const off of member.timeOff) open = subtract(open, timeOffOn(off, date));
      return open;
    }),
  };
}

/**
 * The opening intervals of a local date: a special day's hours win, a closure empties the day,
 * otherwise the weekly hours apply.
 */
export function openingHours(location: Location, date: string): ReadonlyArray<readonly [string, string]> {
  const special = location.specialDays.find((d) => d.date === date);
  if (special) return special.hours;
  if (location.closures.some((c) => c.from <= date && date <= c.to)) return [];
  return location.hours[WEEKDAYS[weekdayIndex(date)]!];
}

function openingIntervals(location: Location, date: string): Interval[] {
  return openingHours(location, date).map(([from, to]) => [minutes(from), minutes(to)] as const);
}

/** The part of a time-off entry that falls on a local date, as minutes of that day. */
function timeOffOn(off: { from: string; to: string }, date: string): Interval | undefined {
  if (off.from.length === 10) return off.from <= date && date <= off.to ? [0, 1440] : undefined;
  const fromDate = off.from.slice(0, 10);
  const toDate = off.to.slice(0, 10);
  if (date < fromDate || date > toDate) return undefined;
  const from = date === fromDate ? minutes(off.from.slice(11)) : 0;
  const to = date === toDate ? minutes(off.to.slice(11)) : 1440;
  return from < to ? [from, to] : undefined;
}

function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [af, at] of a) {
    for (const [bf, bt] of b) {
      const from = Math.max(af, bf);
      const to = Math.min(at, bt);
      if (from < to) out.push([from, to]);
    }
  }
  return out.sort((x, y) => x[0] - y[0]);
}

function subtract(list: readonly Interval[], cut: Interval | undefined): Interval[] {
  if (!cut) return list as Interval[];
  const out: Interval[] = [];
  for (const [from, to] of list) {
    if (cut[1] <= from || cut[0] >= to) out.push([from, to]);
    else {
      if (from < cut[0]) out.push([from, cut[0]]);
      if (cut[1] < to) out.push([cut[1], to]);
    }
  }
  return out;
}

/** 0 = Monday … 6 = Sunday, from the calendar date alone (no zone needed). */
export function weekdayIndex(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** `HH:MM` (or `24:00`) as minutes since midnight. */
export function minutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** Caches a function of string arguments (the model is immutable, so answers never change). */
function memo<A extends Array<string | undefined>, R>(fn: (...args: A) => R): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args: A) => {
    const key = args.join('\u0000');
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) {
      value = fn(...args);
      cache.set(key, value);
    }
    return value as R;
  };
}
