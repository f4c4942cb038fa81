import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrate } from '../../src/db/index.ts';
import { ConfigError } from '../../src/errors.ts';
import { forEachEngine } from './helpers.ts';

forEachEngine('migrations', (ctx) => {
  test('a database migrated by newer code is refused and left as it is', async () => {
    const { rows: before } = await ctx.db.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    const latest = before.at(-1)!.version;
    await ctx.db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
      latest + 1,
      'from_the_future.sql',
    ]);
    try {
      await assert.rejects(migrate(ctx.db), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(
          error.message,
          new RegExp(`migration ${latest + 1}, newer than this code's latest \\(${latest}\\)`),
        );
        return true;
      });
      const { rows: after } = await ctx.db.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      assert.deepEqual(
        after.map((r) => r.version),
        [...before.map((r) => r.version), latest + 1],
      );
    } finally {
      await ctx.db.query('DELETE FROM schema_migrations WHERE version = $1', [latest + 1]);
    }
    assert.deepEqual((await migrate(ctx.db)).applied, [], 'the same code migrates it again once the newer row is gone');
  });
});
