import type { Logger } from 'pino';
import type { Database } from '../db/types.ts';
import { CatalogEditError, CatalogError } from '../errors.ts';
import { catalogProblems, loadCatalog, parseCatalog } from './load.ts';
import {
  addRevision,
  canonicalJson,
  catalogChanges,
  headRevision,
  headRevisionId,
  fileImport,
  lastFileRevision,
  undoProblems,
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

export interface CatalogEditResult<Outside = unknown> {
  /** The revision now in use (unchanged when the edit changed nothing). */
  readonly revision: number;
  readonly changes: readonly CatalogChange[];
  /** Upcoming bookings the catalog no longer fits: listed for a person to decide, never moved. */
  readonly outside: readonly Outside[];
}

/** The business's catalog as every part of a process reads it, kept equal to the newest revision in the database. */
export interface LiveCatalog<Outside = unknown> {
  current(): Catalog;
  revision(): number;
  /** The newest revision in the database, taken first if another process added it (what an editor starts from). */
  newest(): Promise<{ readonly revision: number; readonly document: Catalog }>;
  /** Validates and saves an edit made from the newest revision; what changed is recorded against that revision. */
  edit(edit: CatalogEdit): Promise<CatalogEditResult<Outside>>;
  /**
   * Takes the BUSINESS_CONFIG file again (SIGHUP). A file unchanged since it was last taken changes
   * nothing. A changed one is refused while the console or the API changed the catalog after the file
   * was last taken (it would undo them, and the error names them), unless `replace` says to.
   */
  reloadFile(options?: { readonly replace?: boolean }): Promise<CatalogEditResult<Outside>>;
  /** Takes a revision another process added; the poll calls it, tests may too. */
  refresh(): Promise<void>;
  close(): void;
}

export interface LiveCatalogDeps<Outside> {
  readonly db: Database;
  /** BUSINESS_CONFIG: it seeds the first start, and SIGHUP takes it again. */
  readonly file: string | undefined;
  readonly log: Logger;
  readonly clock: () => number;
  /** Makes the database match a catalog (units, waitlist matches) and reports the bookings it no longer fits. */
  readonly apply: (next: Catalog) => Promise<readonly Outside[]>;
  /** Only the report, for a save or SIGHUP that changed nothing (the database already matches). */
  readonly report: (current: Catalog) => Promise<readonly Outside[]>;
  /** How often to look for other processes' edits; 0 never (default 2 s). */
  readonly pollMs?: number;
}

/**
 * The catalog lives in the database (migration 0023): the file seeds the first start, and from then
 * on the newest revision is the catalog of every process on that database. An edit is validated
 * whole (each problem names its field), stored with who made it and what changed, and applied at
 * once here; other processes take it within one poll. Nothing is restarted and no booking is moved.
 */
export async function openLiveCatalog<Outside>(deps: LiveCatalogDeps<Outside>): Promise<LiveCatalog<Outside>> {
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

  const take = async (next: Catalog, id: number): Promise<readonly Outside[]> => {
    const outside = await deps.apply(next);
    value = next;
    revision = id;
    return outside;
  };

  /** Takes the newest revision when another process added one (inside `serial`). */
  const catchUp = async (): Promise<void> => {
    if ((await headRevisionId(db)) <= revision) return;
    const newest = await headRevision(db);
    if (!newest || newest.id <= revision) return;
    await take(parseCatalog(newest.document, `(revision ${newest.id} in the database)`), newest.id);
    log.info({ revision: newest.id }, 'catalog taken from another process');
  };

  const save = async (change: CatalogEdit): Promise<CatalogEditResult<Outside>> => {
    const checked = catalogProblems(change.document);
    if ('problems' in checked) throw new CatalogEditError(checked.problems);
    // Against the newest revision, so the log credits this author with this edit only.
    await catchUp();
    const changes = catalogChanges(value, checked.catalog);
    if (changes.length === 0 && change.basedOn === revision) {
      return { revision, changes, outside: await deps.report(value) };
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
  };

  const reloadFile = async (replace: boolean): Promise<CatalogEditResult<Outside>> => {
    const next = loadCatalog(deps.file);
    await catchUp();
    const { unchanged, undoes } = await fileImport(db, next);
    if (unchanged) return { revision, changes: [], outside: await deps.report(value) };
    if (undoes.length > 0 && !replace) throw new CatalogError('BUSINESS_CONFIG', undoProblems(undoes));
    return save({ document: next, basedOn: revision, author: 'BUSINESS_CONFIG', source: 'file' });
  };

  const refresh = (): Promise<void> => serial(catchUp);
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
    newest: () =>
      serial(async () => {
        await catchUp();
        return { revision, document: value };
      }),
    edit: (change) => serial(() => save(change)),
    reloadFile: (options = {}) => serial(() => reloadFile(options.replace === true)),
    refresh,
    close() {
      if (poll) clearInterval(poll);
    },
  };
}

/** At a later start the file is not read into the catalog; a person who edited it is told how to take it. */
async function warnIfFileChanged(deps: LiveCatalogDeps<unknown>): Promise<void> {
  let file: Catalog;
  try {
    file = loadCatalog(deps.file);
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    deps.log.warn({ problems: error.problems }, 'BUSINESS_CONFIG is invalid; the catalog in the database stays in use');
    return;
  }
  if (canonicalJson(file) !== canonicalJson((await lastFileRevision(deps.db))?.document)) {
    deps.log.warn(
      'BUSINESS_CONFIG changed since it was last taken; the catalog in the database stays in use (send SIGHUP or run `flowbook catalog import` to take the file: refused while it would undo edits made in the console)',
    );
  }
}
