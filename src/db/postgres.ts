import pg from 'pg';
import type { Logger } from '../log.ts';
import { changeFeed, type Database, type Queryable, type QueryResult } from './types.ts';

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

/** A PostgreSQL 15+ server through a `pg.Pool`; transactions get a dedicated client. */
export function openPostgres(url: string, options: { log?: Logger | undefined; poolSize?: number | undefined } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', (error) => options.log?.warn({ err: error }, 'idle database client failed'));
  return {
    kind: 'postgres',
    ...queryable(pool),
    ...changeFeed(),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async exposeSocket(): Promise<string> {
      // The server already speaks the wire protocol: hand out its own URL.
      return url;
    },
    async close() {
      await pool.end();
    },
  };
}
