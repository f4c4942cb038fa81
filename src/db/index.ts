import type { Database, OpenOptions } from './types.ts';
import { hasPgliteData, openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { migrate } from './migrate.ts';

export type { Database, OpenOptions, Queryable, QueryResult, ChangeListener } from './types.ts';
export { migrate, MIGRATIONS_DIR, type MigrationReport } from './migrate.ts';
export { hasPgliteData };

/**
 * Opens the bookings database and brings its schema up to date: a PostgreSQL server when
 * `databaseUrl` is given, otherwise embedded PGlite under `${dataDir}/pgdata` (survives restarts).
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const db = options.databaseUrl
    ? openPostgres(options.databaseUrl, { log: options.log, poolSize: options.poolSize })
    : await openPglite(options.dataDir, { log: options.log });
  if (options.migrate === false) return db;
  try {
    const report = await migrate(db);
    if (report.applied.length > 0) options.log?.info({ applied: report.applied }, 'database migrated');
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
