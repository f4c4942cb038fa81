import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { readTemplate } from './pglite-template.ts';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ConfigError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { Gate } from './gate.ts';
import { lockDataDir } from './lock.ts';
import { changeFeed, type Database, type Queryable, type QueryResult } from './types.ts';

function queryable(engine: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const result = await engine.query<T>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await engine.exec(sql);
    },
  };
}

/**
 * The PGlite instance as pglite-socket sees it: every wire message passes the gate, and the gate
 * stays closed while a socket client holds a transaction open (pglite-socket only keeps other
 * *socket* clients out of it, not in-process callers).
 */
function gatedForSocket(db: PGlite, gate: Gate): PGlite {
  let release: (() => void) | undefined;
  const settle = () => {
    if (release && !db.isInTransaction()) {
      release();
      release = undefined;
    }
  };
  const overrides: Partial<Record<keyof PGlite, unknown>> = {
    // pglite-socket only lets the last socket client continue while a transaction is open; an
    // in-process transaction must not count, or socket queries stall (measured: docs/storage.md).
    isInTransaction: () => release !== undefined && db.isInTransaction(),
    async runExclusive<T>(fn: () => Promise<T>): Promise<T> {
      if (!release) release = await gate.acquire();
      try {
        return await db.runExclusive(fn);
      } finally {
        settle();
      }
    },
    // pglite-socket sends ROLLBACK through exec() when a client disconnects inside a transaction.
    async exec(sql: string) {
      try {
        return await db.exec(sql);
      } finally {
        settle();
      }
    },
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop in overrides) return overrides[prop as keyof PGlite];
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** True when `dataDir` holds an embedded database (what a read-only command may open without creating one). */
export function hasPgliteData(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'));
}

/**
 * Embedded PostgreSQL (PGlite) with its files under `${dataDir}/pgdata`. Only one process may open it:
 * the data directory's lock (src/db/lock.ts) is taken first and released by `close()`.
 */
export async function openPglite(dataDir: string, options: { log?: Logger | undefined } = {}): Promise<Database> {
  const dir = path.join(dataDir, 'pgdata');
  mkdirSync(dir, { recursive: true });
  const lock = lockDataDir(dataDir);
  let pglite: PGlite;
  try {
    const template = hasPgliteData(dataDir) ? undefined : readTemplate();
    pglite = await PGlite.create({
      dataDir: dir,
      extensions: { btree_gist },
      ...(template ? { loadDataDir: template } : {}),
    });
  } catch (error) {
    lock.release();
    throw error;
  }
  const gate = new Gate();
  const inner = queryable(pglite);
  let server: PGLiteSocketServer | undefined;
  return {
    kind: 'pglite',
    ...changeFeed(),
    query: (sql, params) => gate.run(() => inner.query(sql, params)),
    exec: (sql) => gate.run(() => inner.exec(sql)),
    urgent: {
      query: (sql, params) => gate.run(() => inner.query(sql, params), 'urgent'),
      exec: (sql) => gate.run(() => inner.exec(sql), 'urgent'),
    },
    transaction: (fn) => gate.run(() => pglite.transaction((tx) => fn(queryable(tx)))),
    async exposeSocket({ maxConnections = 1 } = {}) {
      if (!server) {
        // Loaded on demand: only benchmarks and their tests expose the socket, so the package is a devDependency.
        const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket').catch((error: unknown) => {
          throw new ConfigError(
            ['db.exposeSocket needs @electric-sql/pglite-socket (a devDependency): run npm ci'],
            error,
          );
        });
        server = new PGLiteSocketServer({
          db: gatedForSocket(pglite, gate),
          host: '127.0.0.1',
          port: 0,
          maxConnections,
        });
        await server.start();
        options.log?.info({ maxConnections }, 'embedded database exposed on a loopback socket');
      }
      return `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
    },
    async close() {
      try {
        await server?.stop();
        await pglite.close();
      } finally {
        lock.release();
      }
    },
  };
}
