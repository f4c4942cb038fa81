import type { Logger } from 'pino';
import type { OutsideHoursEntry } from '../booking/report.ts';
import type { Database } from '../db/types.ts';
import { CatalogEditError, CatalogError } from '../errors.ts';
import { catalogProblems, loadCatalog, parseCatalog } from './load.ts';
import {
  addRevision,
  canonicalJson,
  catalogChanges,
  headRevision,
  headRevisionId,
  lastFileDocument,
  type CatalogChange,
  type RevisionSource,
} from './revisions.ts';
import type { Catalog } from './schema.ts';

/** An edit of the whole catalog, made from the revision its author was looking at. */
export interface CatalogEdit {
  readonly document: unknown;
  readonly basedOn: number;
  /** Who: a console username, `admin token`, or `BUSINESS_CONFIG`. */
  readonly author: string;
  readonly source: RevisionSource;
}

export interface CatalogEditResult {
  /** The revision now in use (unchanged when the edit changed nothing). */
  readonly revision: number;
  readonly changes: readonly CatalogChange[];
  /** Upcoming bookings the catalog no longer fits: listed for a person to decide, never moved. */
  readonly outside: readonly OutsideHoursEntry[];
}

/** The business's catalog as every part of a process reads it, kept equal to the newest revision in the database. */
export interface LiveCatalog {
  current(): Catalog;
  revision(): number;
  edit(edit: CatalogEdit): Promise<CatalogEditResult>;
  /** Takes the BUSINESS_CONFIG file again (SIGHUP): a revision by `BUSINESS_CONFIG` when it differs. */
  reloadFile(): Promise<CatalogEditResult>;
  /** Takes a revision another process added; the poll calls it, tests may too. */
  refresh(): Promise<void>;
  close(): void;
}

export interface LiveCatalogDeps {
  readonly db: Database;
  /** BUSINESS_CONFIG: it seeds the first start, and SIGHUP takes it again. */
  readonly file: string | undefined;
  readonly log: Logger;
  readonly clock: () => number;
  /** Makes the database match a catalog (units, waitlist matches) and reports the bookings it no longer fits. */
  readonly apply: (next: Catalog) => Promise<OutsideHoursEntry[]>;
  /** How often to look for other processes' edits; 0 never (default 2 s). */
  readonly pollMs?: number;
}

/**
 * The catalog lives in the database (migration 0023): the file seeds the first start, and from then
 * on the newest revision is the catalog of every process on that database. An edit is validated
 * whole (each problem names its field), stored with who made it and what changed, and applied at
 * once here; other processes take it within one poll. Nothing is restarted and no booking is moved.
 */
export async function openLiveCatalog(deps: LiveCatalogDeps): Promise<LiveCatalog> {
  const { db, log } = deps;
  let head = await headRevision(db);
  if (!head) {
    const seed = loadCatalog(deps.file);
    try {
      const id = await addRevision(db, {
        basedOn: 0,
        document: seed,
        author: 'BUSINESS_CONFIG',
        source: 'file',
        changes: [],
        now: new Date(deps.clock()),
      });
      head = { id, document: seed };
    } catch (error) {
      // Another process seeded it first: take theirs.
      head = await headRevision(db);
      if (!head) throw error;
    }
  } else {
    await warnIfFileChanged(deps);
  }
  let value = parseCatalog(head.document, `(revision ${head.id} in the database)`);
  let revision = head.id;
  await deps.apply(value);

  // One change at a time in this process: an edit and a poll never apply out of order.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const take = async (next: Catalog, id: number): Promise<OutsideHoursEntry[]> => {
    const outside = await deps.apply(next);
    value = next;
    revision = id;
    return outside;
  };

  const edit = (change: CatalogEdit): Promise<CatalogEditResult> =>
    serial(async () => {
      const checked = catalogProblems(change.document);
      if ('problems' in checked) throw new CatalogEditError(checked.problems);
      const changes = catalogChanges(value, checked.catalog);
      if (changes.length === 0 && change.basedOn === revision) {
        return { revision, changes, outside: await deps.apply(value) };
      }
      const id = await addRevision(db, {
        basedOn: change.basedOn,
        document: checked.catalog,
        author: change.author,
        source: change.source,
        changes,
        now: new Date(deps.clock()),
      });
      const outside = await take(checked.catalog, id);
      log.info(
        { revision: id, author: change.author, source: change.source, changes: changes.length },
        'catalog changed',
      );
      return { revision: id, changes, outside };
    });

  const refresh = (): Promise<void> =>
    serial(async () => {
      if ((await headRevisionId(db)) <= revision) return;
      const newest = await headRevision(db);
      if (!newest || newest.id <= revision) return;
      await take(parseCatalog(newest.document, `(revision ${newest.id} in the database)`), newest.id);
      log.info({ revision: newest.id }, 'catalog taken from another process');
    });

  const pollMs = deps.pollMs ?? 2_000;
  const poll =
    pollMs > 0
      ? setInterval(() => {
          refresh().catch((error: unknown) => log.error({ err: error }, 'catalog poll failed; the current one stays'));
        }, pollMs)
      : undefined;
  poll?.unref();

  return {
    current: () => value,
    revision: () => revision,
    edit,
    async reloadFile() {
      const next = loadCatalog(deps.file);
      return edit({ document: next, basedOn: revision, author: 'BUSINESS_CONFIG', source: 'file' });
    },
    refresh,
    close() {
      if (poll) clearInterval(poll);
    },
  };
}

/** At a later start the file is not read into the catalog; a person who edited it is told how to take it. */
async function warnIfFileChanged(deps: LiveCatalogDeps): Promise<void> {
  let file: Catalog;
  try {
    file = loadCatalog(deps.file);
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    deps.log.warn({ problems: error.problems }, 'BUSINESS_CONFIG is invalid; the catalog in the database stays in use');
    return;
  }
  if (canonicalJson(file) !== canonicalJson(await lastFileDocument(deps.db))) {
    deps.log.warn(
      'BUSINESS_CONFIG changed since it was last read; the catalog in the database stays in use (send SIGHUP, or run `flowbook catalog import`, to take the file)',
    );
  }
}
