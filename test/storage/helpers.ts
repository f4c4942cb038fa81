import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { parseCatalog } from '../../src/catalog/load.ts';
import type { Catalog } from '../../src/catalog/schema.ts';
import { openDatabase, type Database } from '../../src/db/index.ts';

export type Engine = 'pglite' | 'postgres';

/** PGlite always; the server too when scripts/test.mjs started one (TEST_DATABASE_URL). */
export const ENGINES: readonly Engine[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
  readonly db: Database;
  /** The server URL of this test's own database (postgres only), for second pools. */
  readonly url: string | undefined;
  cleanup(): Promise<void>;
}

/** A fresh, migrated database: a temp PGlite dir, or a new database on the test server. */
export async function openTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'flowbook-test-'));
    const db = await openDatabase({ dataDir });
    return {
      db,
      url: undefined,
      cleanup: async () => {
        await db.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const server = await createServerDatabase();
  const db = await openDatabase({ dataDir: '', databaseUrl: server.url, poolSize: 20 });
  return {
    db,
    url: server.url,
    cleanup: async () => {
      await db.close();
      await server.drop();
    },
  };
}

/** A new, empty database on the test server (TEST_DATABASE_URL), and how to drop it. */
export async function createServerDatabase(): Promise<{ readonly url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set: run the tests with npm test');
  const name = `fb_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(serverUrl, `DROP DATABASE ${name} WITH (FORCE)`) };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Declares `suite` once per engine; `ctx.db` is a fresh migrated database for that engine's
 * block. Tests in a block share it, so they use distinct tokens/times or call `reset`.
 */
export function forEachEngine(
  title: string,
  suite: (ctx: { readonly db: Database; readonly url: string | undefined; engine: Engine }) => void,
): void {
  for (const engine of ENGINES) {
    describe(`${title} [${engine}]`, () => {
      let test: TestDatabase | undefined;
      const ctx = {
        engine,
        get db(): Database {
          if (!test) throw new Error('database not open yet');
          return test.db;
        },
        get url() {
          return test?.url;
        },
      };
      before(async () => {
        test = await openTestDatabase(engine);
      });
      after(async () => {
        await test?.cleanup();
      });
      suite(ctx);
    });
  }
}

/** Empties every booking table (units and migrations stay). */
export async function reset(db: Database): Promise<void> {
  await db.exec('TRUNCATE used_flow_tokens, bookings, customers CASCADE');
}

/** A small catalog: London (two units of "cut"), New York, Kolkata (a half-hour zone). */
export function testCatalog(
  overrides: { capacity?: number; bufferMinutes?: number; minNoticeMinutes?: number; windowDays?: number } = {},
): Catalog {
  const week = (open: string, close: string) => ({
    mon: [[open, close]],
    tue: [[open, close]],
    wed: [[open, close]],
    thu: [[open, close]],
    fri: [[open, close]],
    sat: [[open, close]],
    sun: [[open, close]],
  });
  return parseCatalog({
    business: { name: 'Test' },
    booking: {
      slotMinutes: 30,
      bufferMinutes: overrides.bufferMinutes ?? 0,
      minNoticeMinutes: overrides.minNoticeMinutes ?? 60,
      windowDays: overrides.windowDays ?? 30,
      holdMinutes: 10,
    },
    departments: [
      { id: 'cut', title: 'Cut' },
      { id: 'color', title: 'Color' },
    ],
    locations: [
      {
        id: 'london',
        title: 'London',
        address: 'x',
        timeZone: 'Europe/London',
        capacity: { cut: overrides.capacity ?? 2, color: 1 },
        hours: week('09:00', '17:00'),
        closures: [{ from: '2027-12-25', to: '2027-12-26' }],
        specialDays: [{ date: '2027-12-24', hours: [['09:00', '12:00']] }],
      },
      {
        id: 'nyc',
        title: 'New York',
        address: 'x',
        timeZone: 'America/New_York',
        capacity: { cut: 1 },
        hours: week('00:00', '24:00'),
      },
      {
        id: 'kolkata',
        title: 'Kolkata',
        address: 'x',
        timeZone: 'Asia/Kolkata',
        capacity: { cut: 1 },
        hours: week('10:00', '18:00'),
      },
    ],
  });
}

/** A UTC instant from an ISO string. */
export const at = (iso: string): Date => new Date(iso);
