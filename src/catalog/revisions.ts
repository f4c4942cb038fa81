import type { Queryable } from '../db/types.ts';
import { ConflictError } from '../errors.ts';

/** Where a revision came from: the BUSINESS_CONFIG file (the seed or a reload), a console user, or an admin API client. */
export type RevisionSource = 'file' | 'console' | 'api';

/** One difference between two catalogs: `before` is absent for something added, `after` for something removed. */
export interface CatalogChange {
  /** Readable and stable: `locations[kings-cross].hours.mon`, `services[cut].durationMinutes`. */
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** The audit log's row: who changed the catalog, when, from which revision, and what changed. */
export interface CatalogRevision {
  readonly id: number;
  readonly basedOn: number;
  readonly author: string;
  readonly source: RevisionSource;
  readonly changes: readonly CatalogChange[];
  readonly createdAt: Date;
}

interface RevisionRow {
  id: string;
  based_on: string;
  author: string;
  source: RevisionSource;
  changes: CatalogChange[];
  created_at: Date;
}

/** The newest revision's number, 0 before the first one. */
export async function headRevisionId(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ id: string | null }>('SELECT max(id) AS id FROM catalog_revisions');
  return Number(rows[0]?.id ?? 0);
}

/** The newest revision with its document (as stored: the validated catalog), or undefined before the seed. */
export async function headRevision(q: Queryable): Promise<{ id: number; document: unknown } | undefined> {
  const { rows } = await q.query<{ id: string; document: unknown }>(
    'SELECT id, document FROM catalog_revisions ORDER BY id DESC LIMIT 1',
  );
  return rows[0] ? { id: Number(rows[0].id), document: rows[0].document } : undefined;
}

/** The newest revision a catalog file made (the seed, SIGHUP, `flowbook catalog import`), to tell whether the file changed since. */
export async function lastFileRevision(q: Queryable): Promise<{ id: number; document: unknown } | undefined> {
  const { rows } = await q.query<{ id: string; document: unknown }>(
    "SELECT id, document FROM catalog_revisions WHERE source = 'file' ORDER BY id DESC LIMIT 1",
  );
  return rows[0] ? { id: Number(rows[0].id), document: rows[0].document } : undefined;
}

/** The revisions the console or the API made after revision `id`, oldest first. */
export async function revisionsSince(q: Queryable, id: number): Promise<CatalogRevision[]> {
  const { rows } = await q.query<RevisionRow>(
    `SELECT id, based_on, author, source, changes, created_at FROM catalog_revisions
     WHERE id > $1 AND source <> 'file' ORDER BY id`,
    [id],
  );
  return rows.map(revisionOf);
}

/** An edit made since a file was last taken that taking `next` would undo. */
export interface UndoneEdit {
  readonly revision: number;
  readonly author: string;
  readonly path: string;
}

/**
 * What taking a catalog file again would do: nothing, when it is the file last taken; else undo each
 * edit the console or the API made since at a place the file left as it was (none when nobody edited
 * meanwhile, or when the file was exported after the edits and keeps them).
 */
export async function fileImport(
  q: Queryable,
  next: unknown,
): Promise<{ readonly unchanged: boolean; readonly undoes: readonly UndoneEdit[] }> {
  const taken = await lastFileRevision(q);
  if (taken && canonicalJson(taken.document) === canonicalJson(next)) return { unchanged: true, undoes: [] };
  if (!taken) return { unchanged: false, undoes: [] };
  const head = await headRevision(q);
  const undoes: UndoneEdit[] = [];
  for (const r of await revisionsSince(q, taken.id)) {
    for (const c of r.changes) {
      // Undone: the file still says what it said when last taken, and the catalog says otherwise now.
      // A file that says something new there was changed on purpose, and wins.
      const file = canonicalJson(valueAt(next, c.path));
      if (
        file === canonicalJson(valueAt(taken.document, c.path)) &&
        file !== canonicalJson(valueAt(head?.document, c.path))
      )
        undoes.push({ revision: r.id, author: r.author, path: c.path });
    }
  }
  return { unchanged: false, undoes };
}

/** The value at a change's path (`locations[kings-cross].hours.mon`) in a catalog document, or undefined. */
export function valueAt(doc: unknown, path: string): unknown {
  let at: unknown = doc;
  for (const segment of path.split('.')) {
    const match = /^([^[]+)(?:\[([^\]]+)\])?$/.exec(segment);
    if (!match || !isRecord(at)) return undefined;
    at = at[match[1]!];
    if (match[2] !== undefined) {
      at = Array.isArray(at) ? at.find((item) => isRecord(item) && item.id === match[2]) : undefined;
    }
  }
  return at;
}

/** Why a file is refused: each edit it would undo, with what to do instead. */
export function undoProblems(undoes: readonly UndoneEdit[]): string[] {
  return [
    ...undoes.map((u) => `it would undo ${u.path} (revision ${u.revision} by ${u.author})`),
    'export the catalog (flowbook catalog export), make your change there and import that file, or import with --replace',
  ];
}

/**
 * Adds a revision made from `basedOn` (0 for the seed). Only one revision can follow each one
 * (migration 0023), so an edit from a revision that is no longer the newest is refused with
 * FB_CATALOG_STALE, naming the newest: its author reloads and sees what someone else changed.
 */
export async function addRevision(
  q: Queryable,
  revision: {
    readonly basedOn: number;
    readonly document: unknown;
    readonly author: string;
    readonly source: RevisionSource;
    readonly changes: readonly CatalogChange[];
    readonly now: Date;
  },
): Promise<number> {
  const head = await headRevisionId(q);
  if (head === revision.basedOn) {
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO catalog_revisions (based_on, document, author, source, changes, created_at)
       VALUES ($1, $2::jsonb, $3, $4, $5::jsonb, $6) ON CONFLICT (based_on) DO NOTHING RETURNING id`,
      [
        revision.basedOn,
        JSON.stringify(revision.document),
        revision.author,
        revision.source,
        JSON.stringify(revision.changes),
        revision.now,
      ],
    );
    if (rows[0]) return Number(rows[0].id);
  }
  const newest = await headRevisionId(q);
  throw new ConflictError(
    'FB_CATALOG_STALE',
    `The catalog changed since revision ${revision.basedOn} (now ${newest}): reload it and make the change again`,
    { revision: newest },
  );
}

/** The audit log, newest first. */
export async function listRevisions(
  q: Queryable,
  options: { readonly limit?: number; readonly before?: number } = {},
): Promise<CatalogRevision[]> {
  const { rows } = await q.query<RevisionRow>(
    `SELECT id, based_on, author, source, changes, created_at FROM catalog_revisions
     WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2`,
    [options.before ?? null, options.limit ?? 50],
  );
  return rows.map(revisionOf);
}

function revisionOf(r: RevisionRow): CatalogRevision {
  return {
    id: Number(r.id),
    basedOn: Number(r.based_on),
    author: r.author,
    source: r.source,
    changes: r.changes,
    createdAt: r.created_at,
  };
}

/**
 * What changed from one catalog to the next, as the audit log shows it. Lists of things with an
 * `id` (locations, services, staff, departments) are matched by id, so an edit names what it
 * touched rather than a position; other lists (a day's intervals, closures) change as a whole.
 * A staff calendar's address may be a secret (src/catalog/schema.ts): the log says it changed, not to what.
 */
export function catalogChanges(before: unknown, after: unknown): CatalogChange[] {
  const out: CatalogChange[] = [];
  compare(before, after, '', out);
  return out;
}

function compare(a: unknown, b: unknown, path: string, out: CatalogChange[]): void {
  if (canonicalJson(a) === canonicalJson(b)) return;
  if (path.endsWith('.calendar')) {
    out.push({
      path,
      ...(a === undefined ? {} : { before: '(hidden)' }),
      ...(b === undefined ? {} : { after: '(hidden)' }),
    });
    return;
  }
  if (isIdList(a) && isIdList(b)) {
    const after = new Map(b.map((item) => [item.id, item]));
    const before = new Map(a.map((item) => [item.id, item]));
    for (const item of a) if (!after.has(item.id)) out.push({ path: `${path}[${item.id}]`, before: visible(item) });
    for (const item of b) {
      const old = before.get(item.id);
      if (old === undefined) out.push({ path: `${path}[${item.id}]`, after: visible(item) });
      else compare(old, item, `${path}[${item.id}]`, out);
    }
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      compare(a[key], b[key], path ? `${path}.${key}` : key, out);
    }
    return;
  }
  out.push({ path, ...(a === undefined ? {} : { before: a }), ...(b === undefined ? {} : { after: b }) });
}

/** An added or removed entry as the log keeps it: without a calendar address. */
function visible(item: Record<string, unknown>): Record<string, unknown> {
  return 'calendar' in item ? { ...item, calendar: '(hidden)' } : item;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIdList(value: unknown): value is Array<Record<string, unknown> & { id: string }> {
  return Array.isArray(value) && value.every((item) => isRecord(item) && typeof item.id === 'string');
}

/** JSON with object keys sorted: the same value reads the same whatever order its keys were stored in (jsonb reorders them). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    isRecord(inner)
      ? Object.fromEntries(
          Object.keys(inner)
            .sort()
            .map((k) => [k, inner[k]]),
        )
      : inner,
  );
}
