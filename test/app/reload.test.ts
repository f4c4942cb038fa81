import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { DEMO_CATALOG_PATH } from '../../src/catalog/load.ts';
import { CatalogError } from '../../src/errors.ts';
import { startTestApp } from '../flows/helpers.ts';

describe('reloading the business catalog', () => {
  it('reports bookings outside the new hours, keeps them, and refuses an invalid file', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'flowbook-catalog-')), 'catalog.yaml');
    const demo = parse(readFileSync(DEMO_CATALOG_PATH, 'utf8'));
    writeFileSync(file, stringify(demo));
    const app = await startTestApp({ BUSINESS_CONFIG: file });
    try {
      const token = app.mint();
      const choice = { department: 'clothing', location: 'oxford-street', date: '2026-11-24', time: '10:00' };
      assert.equal(
        (
          await app.flow({
            version: '3.0',
            action: 'data_exchange',
            screen: 'APPOINTMENT',
            flow_token: token,
            data: { trigger: 'continue', ...choice },
          })
        ).body.screen,
        'DETAILS',
      );
      const person = {
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        phone: '+442079460000',
        more_details: '',
        terms: true,
      };
      assert.equal(
        (
          await app.flow({
            version: '3.0',
            action: 'data_exchange',
            screen: 'SUMMARY',
            flow_token: token,
            data: person,
          })
        ).body.screen,
        'SUCCESS',
      );

      demo.locations[1].hours.tue = [['12:00', '20:00']];
      writeFileSync(file, stringify(demo));
      assert.equal(await app.reloadCatalog(), 1);
      const { rows } = await app.db.query<{ status: string }>('SELECT status FROM bookings WHERE name = $1', [
        'Ada Lovelace',
      ]);
      assert.deepEqual(rows, [{ status: 'confirmed' }]);
      assert.deepEqual(app.catalog().locations[1]!.hours.tue, [['12:00', '20:00']]);

      writeFileSync(file, 'departments: []\n');
      await assert.rejects(app.reloadCatalog(), CatalogError);
      assert.deepEqual(app.catalog().locations[1]!.hours.tue, [['12:00', '20:00']], 'the previous catalog stays');
    } finally {
      await app.dispose();
    }
  });
});
