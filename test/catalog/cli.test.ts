// `flowbook catalog export` and `flowbook catalog import` (issue #17): the catalog the console edited
// comes out as YAML, and a file goes in as a revision that a running server takes within its poll.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Command } from 'commander';
import { parse, stringify } from 'yaml';
import { registerCatalogCommands } from '../../src/catalog/cli.ts';
import { DEMO_CATALOG_PATH } from '../../src/catalog/load.ts';
import { listRevisions } from '../../src/catalog/revisions.ts';
import { startHarness } from '../webhook/harness.ts';
import { waitFor } from '../wait.ts';

const ADMIN = { authorization: 'Bearer admin-token' };

test('export writes the edited catalog; import makes a file the catalog, taken by the running server', async () => {
  const h = await startHarness();
  try {
    const { revision, document } = (await h.app.server.inject({ url: '/api/catalog/document', headers: ADMIN })).json();
    document.services.find((s: { id: string }) => s.id === 'haircut').durationMinutes = 40;
    const put = await h.app.server.inject({
      method: 'PUT',
      url: '/api/catalog/document',
      headers: ADMIN,
      payload: { revision, document },
    });
    assert.equal(put.statusCode, 200, put.body);

    let out = '';
    const run = async (...args: string[]) => {
      out = '';
      const program = new Command().exitOverride();
      registerCatalogCommands(program, {
        // The running server's own database; close() is left to the harness.
        openDatabase: async () => ({ ...h.app.db, close: async () => undefined }),
        file: DEMO_CATALOG_PATH,
        clock: () => new Date('2026-12-03T12:00:00Z'),
        write: (text) => {
          out += text;
        },
      });
      await program.parseAsync(['node', 'flowbook', 'catalog', ...args]);
      return out;
    };

    const exported = parse(await run('export'));
    assert.equal(exported.services.find((s: { id: string }) => s.id === 'haircut').durationMinutes, 40);

    // The shipped file, changed elsewhere, lacks the console's 40 minutes: refused, unless --replace.
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'flowbook-import-')), 'catalog.yaml');
    const shipped = parse(readFileSync(DEMO_CATALOG_PATH, 'utf8'));
    shipped.services.find((s: { id: string }) => s.id === 'colour').durationMinutes = 100;
    writeFileSync(file, stringify(shipped));
    await assert.rejects(run('import', file), (error: Error) => {
      assert.match(error.message, /it would undo services\[haircut\]\.durationMinutes \(revision 2 by admin token\)/);
      return true;
    });
    assert.equal(h.app.liveCatalog.revision(), 2);

    // The exported catalog, changed: it keeps the console's edit, so it is taken.
    exported.services.find((s: { id: string }) => s.id === 'haircut').durationMinutes = 50;
    writeFileSync(file, stringify(exported));
    assert.equal(await run('import', file), 'revision 3: 1 change\n');
    assert.equal(await run('import', file), 'nothing changed: revision 3 is already this catalog\n');
    await waitFor(
      'the server to take the imported catalog',
      () => h.app.catalog().services!.find((s) => s.id === 'haircut')!.durationMinutes === 50 || undefined,
      { timeoutMs: 8_000 },
    );
    const [latest] = await listRevisions(h.app.db, { limit: 1 });
    assert.deepEqual(
      [latest!.author, latest!.source, latest!.changes.map((c) => c.path)],
      ['flowbook catalog import', 'file', ['services[haircut].durationMinutes']],
    );

    // --replace takes a file even over the console's edits.
    writeFileSync(file, stringify(shipped));
    assert.equal(await run('import', file, '--replace'), 'revision 4: 2 changes\n');

    writeFileSync(file, 'departments: []\n');
    await assert.rejects(run('import', file), { code: 'FB_CATALOG' });
    await waitFor('the server to take revision 4', () => h.app.liveCatalog.revision() === 4 || undefined, {
      timeoutMs: 8_000,
    });
    assert.equal(h.app.catalog().services!.find((s) => s.id === 'haircut')!.durationMinutes, 30);
    assert.equal((await listRevisions(h.app.db, { limit: 1 }))[0]!.id, 4, 'an invalid file changes nothing');
  } finally {
    await h.close();
  }
});
