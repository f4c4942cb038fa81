// The live catalog's bookkeeping (src/catalog/live.ts) with stand-ins for what the app does on a change:
// a catalog that changed is applied (units synced, waitlist matched, outside bookings reported), while a
// save or SIGHUP that changes nothing only reports, so pressing Save twice costs no re-sync.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openLiveCatalog, type LiveCatalog } from '../../src/catalog/live.ts';
import { DEMO_CATALOG_PATH } from '../../src/catalog/load.ts';
import type { Catalog } from '../../src/catalog/schema.ts';
import { createLogger } from '../../src/log.ts';
import { openTestDatabase, type TestDatabase } from '../storage/helpers.ts';

describe('the live catalog', () => {
  let t: TestDatabase;
  let live: LiveCatalog<string>;
  const calls: string[] = [];
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'flowbook-live-')), 'catalog.yaml');

  before(async () => {
    copyFileSync(DEMO_CATALOG_PATH, file);
    t = await openTestDatabase('pglite');
    live = await openLiveCatalog<string>({
      db: t.db,
      file,
      log: createLogger('silent'),
      clock: Date.now,
      pollMs: 0,
      apply: async (next: Catalog) => {
        calls.push(`apply ${next.locations[0]!.hours.mon?.[0]?.join('-')}`);
        return [];
      },
      report: async () => {
        calls.push('report');
        return [];
      },
    });
  });
  after(async () => {
    live.close();
    await t.cleanup();
  });

  test('a change is applied; saving or reloading the same catalog again only reports', async () => {
    assert.equal(calls.length, 1, 'the first start applies the seed');
    const document = structuredClone(live.current());
    document.locations[0]!.hours.mon = [['07:00', '12:00']];
    const edit = { document, author: 'owner', source: 'console' as const };
    const first = await live.edit({ ...edit, basedOn: live.revision() });
    assert.equal(first.changes.length, 1);
    const again = await live.edit({ ...edit, basedOn: live.revision() });
    assert.deepEqual(again.changes, []);
    assert.equal(again.revision, first.revision, 'no new revision');
    await live.reloadFile();
    assert.deepEqual(calls.slice(1), ['apply 07:00-12:00', 'report', 'report']);
  });
});
