// Editing the catalog without a restart (issue #17): every edit validated whole with its field named,
// applied at once (and by other processes within a poll), audited, exported back to YAML, and the
// bookings it no longer fits listed, never moved.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DateTime } from 'luxon';
import { parse, stringify } from 'yaml';
import { DEMO_CATALOG_PATH, loadCatalog } from '../../src/catalog/load.ts';
import { catalogChanges } from '../../src/catalog/revisions.ts';
import { saveUser } from '../../src/console/users.ts';
import { createServerDatabase, ENGINES } from '../storage/helpers.ts';
import { startHarness, type Harness } from '../webhook/harness.ts';
import { waitFor } from '../wait.ts';

const PASSWORD = 'correct horse battery';
const ADMIN = { authorization: 'Bearer admin-token' };

/** A Monday to Friday date at least `ahead` days away, clear of the demo catalog's closures. */
function weekdayAhead(ahead: number): string {
  for (let d = ahead; ; d++) {
    const date = new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    const day = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (day >= 1 && day <= 5 && !(date >= '2026-12-21' && date <= '2027-01-01')) return date;
  }
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

type Doc = {
  locations: Array<{ id: string; hours: Record<string, string[][]>; closures: unknown[] }>;
  services: Array<{ id: string; durationMinutes: number }>;
};

describe('editing the catalog', () => {
  let h: Harness;
  let cookie: string;
  let csrf: string;
  const day = weekdayAhead(3);
  const weekday = WEEKDAYS[new Date(`${day}T12:00:00Z`).getUTCDay()]!;

  const call = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    h.app.server.inject({
      method,
      url,
      payload: payload as object,
      headers: { cookie, 'x-csrf-token': csrf, ...headers },
    });
  const documentNow = async () => {
    const res = await call('GET', '/api/catalog/document');
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { revision: number; document: Doc };
  };
  const freeTimes = async (service: string, location: string) => {
    const res = await call('GET', `/api/availability?location=${location}&service=${service}&date=${day}`);
    assert.equal(res.statusCode, 200, res.body);
    return (res.json().times as Array<{ start: string }>).map((t) => t.start);
  };

  before(async () => {
    h = await startHarness();
    const now = new Date();
    await saveUser(h.app.db, { username: 'olivia', displayName: 'Olivia', role: 'owner', password: PASSWORD }, now);
    await saveUser(
      h.app.db,
      { username: 'sam', displayName: 'Sam', role: 'staff', locations: ['kings-cross'], password: PASSWORD },
      now,
    );
    const res = await h.app.server.inject({
      method: 'POST',
      url: '/console/api/login',
      payload: { username: 'olivia', password: PASSWORD },
    });
    assert.equal(res.statusCode, 200, res.body);
    cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    csrf = res.json().csrfToken;
  });
  after(async () => h.close());

  test('the file seeds the first revision; an edit of hours applies at once, is audited, and lists the bookings it no longer fits', async () => {
    const first = await documentNow();
    assert.equal(first.revision, 1);
    const booked = await call('POST', '/api/bookings', {
      service: 'shopping',
      location: 'kings-cross',
      date: day,
      time: '16:00',
      name: 'Late Lucy',
    });
    assert.equal(booked.statusCode, 201, booked.body);
    const bookingId = booked.json().booking.id as string;
    const before = await freeTimes('shopping', 'kings-cross');
    assert.ok(
      before.some((t) => t.includes('T15:')),
      'the afternoon is offered before the edit',
    );

    const doc = structuredClone(first.document);
    doc.locations.find((l) => l.id === 'kings-cross')!.hours[weekday] = [['09:00', '13:00']];
    const edited = await call('PUT', '/api/catalog/document', { revision: first.revision, document: doc });
    assert.equal(edited.statusCode, 200, edited.body);
    const result = edited.json();
    assert.equal(result.revision, 2);
    assert.deepEqual(result.changes, [
      {
        path: `locations[kings-cross].hours.${weekday}`,
        before: [['09:00', first.document.locations[0]!.hours[weekday]![0]![1]]],
        after: [['09:00', '13:00']],
      },
    ]);
    // The booking at 16:00 is listed for a person to decide, and stays as it was.
    assert.deepEqual(
      result.outside.map((o: { id: string; reason: string }) => [o.id, o.reason]),
      [[bookingId, 'outside-hours']],
    );
    const outside = await call('GET', '/api/catalog/outside');
    assert.deepEqual(
      outside.json().bookings.map((o: { id: string }) => o.id),
      [bookingId],
    );
    const { rows } = await h.app.db.query<{ status: string }>('SELECT status FROM bookings WHERE id = $1', [bookingId]);
    assert.deepEqual(rows, [{ status: 'confirmed' }]);

    // Offered without a restart: nothing from 13:00 on.
    const after = await freeTimes('shopping', 'kings-cross');
    assert.ok(after.length > 0);
    assert.ok(
      after.every(
        (t) => new Date(t).getTime() < DateTime.fromISO(`${day}T13:00`, { zone: 'Europe/London' }).toMillis(),
      ),
      `no time at or after 13:00 London: ${after.join(', ')}`,
    );

    const log = await call('GET', '/api/catalog/revisions');
    const [latest, seed] = log.json().revisions;
    assert.equal(latest.author, 'olivia');
    assert.equal(latest.source, 'console');
    assert.equal(latest.basedOn, 1);
    assert.equal(latest.changes[0].path, `locations[kings-cross].hours.${weekday}`);
    assert.equal(seed.author, 'BUSINESS_CONFIG');
    assert.equal(seed.source, 'file');
  });

  test('an invalid edit is refused with its field named, and nothing of it is applied', async () => {
    const current = await documentNow();
    const doc = structuredClone(current.document);
    doc.locations[0]!.hours.mon = [['18:00', '09:00']];
    doc.services[0]!.durationMinutes = 2;
    const res = await call('PUT', '/api/catalog/document', { revision: current.revision, document: doc });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.error.code, 'FB_CATALOG_INVALID');
    const paths = body.error.details.problems.map((p: { path: string }) => p.path).sort();
    assert.deepEqual(paths, ['locations.0.hours.mon.0', 'services.0.durationMinutes']);
    assert.equal((await documentNow()).revision, current.revision);
    assert.notDeepEqual(h.app.catalog().locations[0]!.hours.mon, [['18:00', '09:00']]);
  });

  test('an edit from an older revision is refused: someone else changed the catalog meanwhile', async () => {
    const current = await documentNow();
    const doc = structuredClone(current.document);
    doc.services.find((s) => s.id === 'haircut')!.durationMinutes = 45;
    assert.equal(
      (await call('PUT', '/api/catalog/document', { revision: current.revision, document: doc })).statusCode,
      200,
    );
    doc.services.find((s) => s.id === 'haircut')!.durationMinutes = 60;
    const stale = await call('PUT', '/api/catalog/document', { revision: current.revision, document: doc });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'FB_CATALOG_STALE');
    assert.equal(stale.json().error.details.revision, current.revision + 1);
    assert.equal(h.app.catalog().services!.find((s) => s.id === 'haircut')!.durationMinutes, 45);
  });

  test('staff may not edit the catalog', async () => {
    const res = await h.app.server.inject({
      method: 'POST',
      url: '/console/api/login',
      payload: { username: 'sam', password: PASSWORD },
      remoteAddress: '198.51.100.77',
    });
    const staff = {
      cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      'x-csrf-token': res.json().csrfToken,
    };
    const current = await documentNow();
    const put = await h.app.server.inject({
      method: 'PUT',
      url: '/api/catalog/document',
      headers: staff,
      payload: { revision: current.revision, document: current.document },
    });
    assert.equal(put.statusCode, 403);
    assert.equal((await h.app.server.inject({ url: '/api/catalog/revisions', headers: staff })).statusCode, 403);
  });

  test('the export is a YAML file BUSINESS_CONFIG reads back to the same catalog', async () => {
    const res = await call('GET', '/api/catalog/export');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/yaml/);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="catalog-r\d+\.yaml"/);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'flowbook-export-')), 'catalog.yaml');
    writeFileSync(file, res.body);
    assert.deepEqual(catalogChanges(h.app.catalog(), loadCatalog(file)), []);
    assert.equal(parse(res.body).services.find((s: { id: string }) => s.id === 'haircut').durationMinutes, 45);
  });
});

describe('the catalog across restarts and processes', () => {
  test('a restart keeps the edited catalog; SIGHUP takes a changed file, never undoing an edit the file did not touch', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'flowbook-catalog-restart-'));
    const file = path.join(dataDir, 'catalog.yaml');
    const demo = parse(readFileSync(DEMO_CATALOG_PATH, 'utf8'));
    writeFileSync(file, stringify(demo));
    const env = { BUSINESS_CONFIG: file };
    let h = await startHarness({ dataDir, env });
    const { revision, document } = (await h.app.server.inject({ url: '/api/catalog/document', headers: ADMIN })).json();
    document.locations[0].closures.push({ from: '2027-02-01', to: '2027-02-02', reason: 'Stocktake' });
    const put = await h.app.server.inject({
      method: 'PUT',
      url: '/api/catalog/document',
      headers: ADMIN,
      payload: { revision, document },
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().revision, 2);
    const [edit] = (await h.app.server.inject({ url: '/api/catalog/revisions', headers: ADMIN })).json().revisions;
    assert.deepEqual([edit.author, edit.source], ['admin token', 'api']);
    await h.close();
    h = await startHarness({ dataDir, env });
    const stocktake = () => h.app.catalog().locations[0]!.closures.some((c) => c.reason === 'Stocktake');
    try {
      assert.equal(h.app.liveCatalog.revision(), 2);
      assert.ok(stocktake(), 'the restart kept the edit');
      // The file as it was: nothing to take.
      await h.app.reloadCatalog();
      assert.equal(h.app.liveCatalog.revision(), 2);
      assert.ok(stocktake());
      // A changed file that still lacks the stocktake would undo it: refused, naming it.
      demo.locations[0].hours.sun = [['11:00', '15:00']];
      writeFileSync(file, stringify(demo));
      await assert.rejects(h.app.reloadCatalog(), (error: Error) => {
        assert.match(error.message, /locations\[kings-cross\]\.closures \(revision 2 by admin token\)/);
        return true;
      });
      assert.equal(h.app.liveCatalog.revision(), 2);
      // The file with the stocktake too (exported, then changed): taken, as a revision by BUSINESS_CONFIG.
      demo.locations[0].closures.push({ from: '2027-02-01', to: '2027-02-02', reason: 'Stocktake' });
      writeFileSync(file, stringify(demo));
      await h.app.reloadCatalog();
      assert.equal(h.app.liveCatalog.revision(), 3);
      assert.ok(stocktake());
      assert.deepEqual(h.app.catalog().locations[0]!.hours.sun, [['11:00', '15:00']]);
      const [latest] = (await h.app.server.inject({ url: '/api/catalog/revisions', headers: ADMIN })).json().revisions;
      assert.deepEqual([latest.author, latest.source], ['BUSINESS_CONFIG', 'file']);
      assert.deepEqual(
        latest.changes.map((c: { path: string }) => c.path),
        ['locations[kings-cross].hours.sun'],
      );
    } finally {
      await h.close();
    }
  });

  test('only one edit can follow a revision: the unique base refuses the second insert', async () => {
    const h = await startHarness();
    try {
      const head = await h.app.db.query<{ id: string }>('SELECT max(id) AS id FROM catalog_revisions');
      const insert = () =>
        h.app.db.query(
          `INSERT INTO catalog_revisions (based_on, document, author, source) VALUES ($1, '{}'::jsonb, 'test', 'api')`,
          [head.rows[0]!.id],
        );
      await insert();
      await assert.rejects(insert(), /duplicate key|unique/i);
    } finally {
      await h.close();
    }
  });

  for (const engine of ENGINES.filter((e) => e === 'postgres')) {
    test(`another process on the same database takes an edit within its poll [${engine}]`, async () => {
      const database = await createServerDatabase();
      const a = await startHarness({ env: { DATABASE_URL: database.url } });
      const b = await startHarness({ env: { DATABASE_URL: database.url } });
      try {
        const { revision, document } = (
          await a.app.server.inject({ url: '/api/catalog/document', headers: ADMIN })
        ).json();
        document.services.find((s: { id: string }) => s.id === 'colour').durationMinutes = 75;
        const put = await a.app.server.inject({
          method: 'PUT',
          url: '/api/catalog/document',
          headers: ADMIN,
          payload: { revision, document },
        });
        assert.equal(put.statusCode, 200, put.body);
        await waitFor(
          'the other process to take the edit',
          () => b.app.catalog().services!.find((s) => s.id === 'colour')!.durationMinutes === 75 || undefined,
          { timeoutMs: 5_000 },
        );
        assert.equal(b.app.liveCatalog.revision(), revision + 1);
      } finally {
        await b.close();
        await a.close();
        await database.drop();
      }
    });
  }
});
