import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { canonicalCustomerId, chosenLanguage, insideWindow } from '../../src/customers/customers.ts';
import { migrate, MIGRATIONS_DIR, openDatabase } from '../../src/db/index.ts';
import { createServerDatabase, ENGINES } from './helpers.ts';

for (const engine of ENGINES)
  test(`migration 0008 keys customers by id and keeps every row and what it knew [${engine}]`, async () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'flowbook-m7-'));
    const server = engine === 'postgres' ? await createServerDatabase() : undefined;
    const db = await openDatabase({ dataDir: scratch, databaseUrl: server?.url, migrate: false });
    try {
      // The schema as it was before 0008, with rows written by the code of that time.
      const before = path.join(scratch, 'migrations');
      for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < '0008')) {
        cpSync(path.join(MIGRATIONS_DIR, name), path.join(before, name));
      }
      await migrate(db, before);
      await db.query(
        `INSERT INTO customers (phone, language, language_chosen, last_inbound_at, last_help_at)
         VALUES ('447700900123', 'fr', true, now(), now() - interval '1 day'), ('34600111222', 'es', false, NULL, NULL)`,
      );
      await migrate(db);
      const { rows } = await db.query<{
        id: string;
        phone: string;
        user_id: string | null;
        language: string;
        language_chosen: boolean;
        helped: boolean;
      }>(
        `SELECT id, phone, user_id, language, language_chosen, last_help_at IS NOT NULL AS helped
         FROM customers ORDER BY id`,
      );
      assert.deepEqual(rows, [
        {
          id: '34600111222',
          phone: '34600111222',
          user_id: null,
          language: 'es',
          language_chosen: false,
          helped: false,
        },
        {
          id: '447700900123',
          phone: '447700900123',
          user_id: null,
          language: 'fr',
          language_chosen: true,
          helped: true,
        },
      ]);
      assert.equal(await chosenLanguage(db, '447700900123'), 'fr');
      assert.equal(await insideWindow(db, '447700900123', 60_000, Date.now()), true);
      assert.equal(await canonicalCustomerId(db, '34600111222'), '34600111222');
      // The new columns are unique where they must be: one customer per phone number, one per BSUID.
      await db.query(`UPDATE customers SET user_id = 'ES.1' WHERE id = '34600111222'`);
      await assert.rejects(
        db.query(`UPDATE customers SET user_id = 'ES.1' WHERE id = '447700900123'`),
        /unique|duplicate/i,
      );
      await assert.rejects(
        db.query(`INSERT INTO customers (id, phone) VALUES ('GB.9', '447700900123')`),
        /unique|duplicate/i,
      );
    } finally {
      await db.close();
      await server?.drop();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
