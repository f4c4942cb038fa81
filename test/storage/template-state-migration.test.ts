import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { migrate, MIGRATIONS_DIR, openDatabase } from '../../src/db/index.ts';
import { createServerDatabase, ENGINES } from './helpers.ts';

for (const engine of ENGINES)
  test(`migration 0006 turns stored template events into states [${engine}]`, async () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'flowbook-m6-'));
    const server = engine === 'postgres' ? await createServerDatabase() : undefined;
    const db = await openDatabase({ dataDir: scratch, databaseUrl: server?.url, migrate: false });
    try {
      // The schema as it was before 0006, with rows written by the code of that time.
      const before = path.join(scratch, 'migrations');
      for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < '0006')) {
        cpSync(path.join(MIGRATIONS_DIR, name), path.join(before, name));
      }
      await migrate(db, before);
      for (const [language, event] of [
        ['en_US', 'FLAGGED'],
        ['ar', 'REINSTATED'],
        ['fr', 'UNARCHIVED'],
        ['de', 'PAUSED'],
      ]) {
        await db.query('INSERT INTO template_status (name, language, status) VALUES ($1, $2, $3)', [
          'appointment_confirmation',
          language,
          event,
        ]);
      }
      await migrate(db);
      const { rows } = await db.query<{
        language: string;
        status: string | null;
        last_event: string;
        flagged: boolean;
      }>(
        `SELECT language, status, last_event, flagged_at IS NOT NULL AS flagged FROM template_status ORDER BY language`,
      );
      assert.deepEqual(rows, [
        { language: 'ar', status: 'APPROVED', last_event: 'REINSTATED', flagged: false },
        { language: 'de', status: 'PAUSED', last_event: 'PAUSED', flagged: false },
        { language: 'en_US', status: 'APPROVED', last_event: 'FLAGGED', flagged: true },
        { language: 'fr', status: null, last_event: 'UNARCHIVED', flagged: false },
      ]);
    } finally {
      await db.close();
      await server?.drop();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
