/** The catalog as `GET /api/catalog/document` sends it (src/catalog/schema.ts, defaults filled in). */
export type Text = string | Record<string, string>;
export type Intervals = Array<[string, string]>;
export type Weekly = Record<Weekday, Intervals>;
export interface LocationDoc {
  id: string;
  title: Text;
  timeZone: string;
  capacity: Record<string, number>;
  hours: Weekly;
  closures: Array<{ from: string; to: string; reason?: string }>;
  specialDays: Array<{ date: string; hours: Intervals }>;
}
export interface ServiceDoc {
  id: string;
  title: Text;
  category?: string;
  durationMinutes: number;
  price?: { amount: number; currency: string };
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  locations?: string[];
  stepMinutes?: number;
  minNoticeMinutes?: number;
  windowDays?: number;
  holdMinutes?: number;
  maxOpenPerCustomer?: number;
}
export interface StaffDoc {
  id: string;
  name: Text;
  kind: 'person' | 'resource';
  services: string[];
  hours: Record<string, Weekly>;
  timeOff: Array<{ from: string; to: string; reason?: string }>;
  dailyCapacity?: number;
}
export interface CatalogDoc {
  departments: Array<{ id: string; title: Text }>;
  locations: LocationDoc[];
  services?: ServiceDoc[];
  staff: StaffDoc[];
  booking: Record<string, number | string[] | undefined>;
  [key: string]: unknown;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type Path = ReadonlyArray<string | number>;

/** Problems by the path of their field, as FB_CATALOG_INVALID names them (`locations.0.hours.mon.0`). */
export type Problems = ReadonlyMap<string, string>;

/** A copy of `doc` with the value at `path` replaced (undefined removes the key). */
export function setIn<T>(doc: T, path: Path, value: unknown): T {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let at = copy;
  path.slice(0, -1).forEach((key) => {
    at = at[key] as Record<string | number, unknown>;
  });
  const last = path[path.length - 1]!;
  if (value === undefined && !Array.isArray(at)) delete at[last];
  else at[last] = value;
  return copy as T;
}

export function getIn(doc: unknown, path: Path): unknown {
  return path.reduce<unknown>((at, key) => (at as Record<string | number, unknown> | undefined)?.[key], doc);
}

/** The problem for a field: its own, or one below it (an interval's `…mon.0.1`). */
export function problemAt(problems: Problems, path: Path): string | undefined {
  const key = path.join('.');
  for (const [at, message] of problems) if (at === key || at.startsWith(`${key}.`)) return message;
  return undefined;
}

/**
 * This page's edits on top of a newer catalog someone else saved: what this page left as it was takes
 * theirs; locations, services, staff and departments are matched by id, so each side keeps its own
 * changes to different entries (for the same entry, this page's wins: its author sees it before saving).
 */
export function mergeDraft(base: CatalogDoc, mine: CatalogDoc, theirs: CatalogDoc): CatalogDoc {
  const out = structuredClone(theirs) as Record<string, unknown>;
  const b = base as Record<string, unknown>;
  const m = mine as Record<string, unknown>;
  for (const key of new Set([...Object.keys(b), ...Object.keys(m)])) {
    if (same(b[key], m[key])) continue;
    const ours = m[key];
    const theirList = out[key];
    if (isIdList(b[key]) && isIdList(ours) && isIdList(theirList)) out[key] = mergeById(b[key], ours, theirList);
    else if (ours === undefined) delete out[key];
    else out[key] = structuredClone(ours);
  }
  return out as CatalogDoc;
}

type WithId = { readonly id: string };

function mergeById(base: readonly WithId[], mine: readonly WithId[], theirs: readonly WithId[]): WithId[] {
  const before = new Map(base.map((x) => [x.id, x]));
  const kept = new Set(mine.map((x) => x.id));
  // Removed here: gone, whatever they did to it.
  const list = theirs.filter((x) => !(before.has(x.id) && !kept.has(x.id)));
  for (const item of mine) {
    const old = before.get(item.id);
    if (old !== undefined && same(old, item)) continue;
    const at = list.findIndex((x) => x.id === item.id);
    if (at >= 0) list[at] = structuredClone(item);
    else list.push(structuredClone(item));
  }
  return list;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isIdList(value: unknown): value is WithId[] {
  return Array.isArray(value) && value.every((x) => typeof x === 'object' && x !== null && typeof x.id === 'string');
}
