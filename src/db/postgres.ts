import pg from 'pg';
import type { Logger } from '../log.ts';
import { changeFeed, type Database, type Queryable, type QueryResult, type Session } from './types.ts';

type Client = pg.Pool | pg.PoolClient;

function queryable(client: Client): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      // Without parameters pg uses the simple protocol, which accepts several statements.
      await client.query(sql);
    },
  };
}

/**
 * Deadlock (40P01) and serialization failure (40001) abort a transaction through no fault of its
 * own; PostgreSQL's advice is to run it again. Transactions here touch only the database, so a rerun
 * is safe.
 */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);
const TRANSACTION_ATTEMPTS = 4;
const CONNECT_TIMEOUT_MS = 10_000;

/** A PostgreSQL 15+ server through a `pg.Pool`; transactions get a dedicated client. */
export function openPostgres(
  url: string,
  options: { log?: Logger | undefined; poolSize?: number | undefined } = {},
): Database {
  // TCP keep-alive lets a connection notice a server that vanished without closing it, which matters
  // most for a session held for a process's lifetime (Database.session).
  // A caller that waits this long for a connection gets an error instead (a job retries, a request
  // answers 500): a pool used up by a bug must not hang every caller for ever.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    keepAlive: true,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', (error) => options.log?.warn({ err: error }, 'idle database client failed'));
  const sessions = new Set<pg.PoolClient>();
  return {
    kind: 'postgres',
    ...queryable(pool),
    // A server serves many connections at once: nothing to jump ahead of.
    urgent: queryable(pool),
    ...changeFeed(),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await fn(queryable(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (attempt >= TRANSACTION_ATTEMPTS || !RETRYABLE_SQLSTATES.has((error as { code?: string }).code ?? ''))
            throw error;
          options.log?.debug({ code: (error as { code?: string }).code, attempt }, 'transaction retried');
        } finally {
          client.release();
        }
        // Full jitter, so the transactions that collided do not collide again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
      }
    },
    async exposeSocket(): Promise<string> {
      // The server already speaks the wire protocol: hand out its own URL.
      return url;
    },
    async session(): Promise<Session> {
      const client = await pool.connect();
      sessions.add(client);
      let lose: (error: Error) => void = () => undefined;
      const lost = new Promise<Error>((resolve) => {
        lose = resolve;
      });
      // A checked-out client's error has no listener of the pool's: without this one it would crash the process.
      client.on('error', (error) => lose(error));
      client.on('end', () => lose(new Error('the database closed the session')));
      return {
        ...queryable(client),
        lost,
        release: () => {
          if (sessions.delete(client)) client.release(true);
        },
      };
    },
    async close() {
      // The pool's end waits for every checked-out client: a session its owner forgot would hang it.
      for (const client of sessions) client.release(true);
      sessions.clear();
      await pool.end();
    },
  };
}
