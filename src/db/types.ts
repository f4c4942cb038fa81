import type { Logger } from '../log.ts';

/** Rows of one statement and how many rows it touched (`UPDATE … WHERE` with no match gives 0). */
export interface QueryResult<T> {
  readonly rows: T[];
  readonly rowCount: number;
}

/** What a statement needs: the database itself or an open transaction. */
export interface Queryable {
  /** One parameterised statement (`$1`, `$2`, …). */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Several statements without parameters, e.g. a migration file. */
  exec(sql: string): Promise<void>;
}

/** Listener for writes made by this process; the key is `${locationId}/${departmentId}`. */
export type ChangeListener = (key: string) => void;

/** Both engines behind one small interface. */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * The same database for work a caller is waiting on (storing a webhook delivery before its 200):
   * on the embedded engine its statements go ahead of background work waiting for the one backend.
   */
  readonly urgent: Queryable;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Nested
   * work must use the `tx` it is given, never the database (on PGlite that would wait forever).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Announces a booking write after its commit so this process's caches can drop stale entries. */
  changed(key: string): void;
  /** Subscribes to {@link Database.changed}; returns the unsubscribe function. */
  onChange(listener: ChangeListener): () => void;
  /**
   * Embedded engine: serves this PGlite over the PostgreSQL wire protocol on 127.0.0.1 and returns a
   * connection string (for pg-boss); `maxConnections` defaults to 1 (see docs/storage.md). On a
   * server it returns the server's own URL.
   */
  exposeSocket(options?: { maxConnections?: number }): Promise<string>;
  /**
   * Server only: one connection kept for the caller until `release`, for state that lives as long as a
   * session (the job worker's advisory lock, docs/jobs.md). Absent on the embedded engine, which one
   * process owns: there is no other process to show a session to.
   */
  readonly session?: () => Promise<Session>;
  close(): Promise<void>;
}

/** A connection of one's own (see {@link Database.session}); its session ends with `release`. */
export interface Session extends Queryable {
  /** Settles when the connection fails or the server closes it: session state (locks) is gone then. */
  readonly lost: Promise<Error>;
  /** Closes the connection (not returned to the pool, so no session state outlives it). */
  release(): void;
}

export interface OpenOptions {
  /** `postgres://…` selects a PostgreSQL 15+ server; absent means embedded PGlite. */
  readonly databaseUrl?: string | undefined;
  /** PGlite keeps its files under `${dataDir}/pgdata`. */
  readonly dataDir: string;
  readonly log?: Logger | undefined;
  /** Apply pending migrations while opening (default true; `flowbook db migrate` opens with false). */
  readonly migrate?: boolean | undefined;
  /** Server pool size (default 10). */
  readonly poolSize?: number | undefined;
}

/** A tiny change feed shared by both engines. */
export function changeFeed(): Pick<Database, 'changed' | 'onChange'> {
  const listeners = new Set<ChangeListener>();
  return {
    changed(key) {
      for (const listener of listeners) listener(key);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * `db` seen from inside one of its open transactions: statements and nested transactions run in `tx`, so
 * a function written against a {@link Database} (it opens its own transaction) commits or rolls back with
 * the caller's work.
 */
export function joinTransaction(db: Database, tx: Queryable): Database {
  return {
    ...db,
    query: (sql, params) => tx.query(sql, params),
    exec: (sql) => tx.exec(sql),
    urgent: tx,
    transaction: (fn) => fn(tx),
  };
}
