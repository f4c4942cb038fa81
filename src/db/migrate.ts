import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.ts';
import type { Database } from './types.ts';

/** The numbered SQL files at the repository root. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** An arbitrary constant: every flowbook process agrees on it to serialise migrations. */
const MIGRATION_LOCK_KEY = 0x666c6f77; // "flow"

export interface MigrationReport {
  /** File names applied by this call, in order. */
  readonly applied: string[];
  /** Version of the newest migration now in the database. */
  readonly version: number;
}

interface MigrationFile {
  readonly version: number;
  readonly name: string;
  readonly file: string;
}

function migrationFiles(dir: string): MigrationFile[] {
  return readdirSync(dir)
    .filter((name) => /^\d{4}_[\w-]+\.sql$/.test(name))
    .sort()
    .map((name) => ({ version: Number(name.slice(0, 4)), name, file: path.join(dir, name) }));
}

/**
 * Applies the migrations the database has not seen, in order, in one transaction. A database that
 * already has migrations newer than this code's is refused (ConfigError) and left untouched. A transaction
 * advisory lock makes processes that start together take turns: the second one finds the work done.
 */
export async function migrate(db: Database, dir: string = MIGRATIONS_DIR): Promise<MigrationReport> {
  const files = migrationFiles(dir);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    const known = new Set(files.map((f) => f.version));
    const newer = [...done].filter((v) => !known.has(v) && v > Math.max(0, ...known)).sort((a, b) => a - b);
    if (newer.length > 0) {
      // A newer flowbook migrated this database; this code does not know its schema (graphile's rule).
      throw new ConfigError([
        `the database has migration${newer.length > 1 ? 's' : ''} ${newer.join(', ')}, newer than this code's latest (${Math.max(0, ...known)}); ` +
          'run the flowbook version that migrated it, or a newer one',
      ]);
    }
    const applied: string[] = [];
    for (const m of files) {
      if (done.has(m.version)) continue;
      await tx.exec(readFileSync(m.file, 'utf8'));
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.name);
    }
    const version = Math.max(0, ...done, ...files.filter((f) => applied.includes(f.name)).map((f) => f.version));
    return { applied, version };
  });
}
