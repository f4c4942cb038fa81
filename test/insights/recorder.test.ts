// The Flow funnel's writer (src/insights/funnel.ts) against a database stand-in whose writes are held
// until the test lets them go: one write in flight at a time, steps that arrive meanwhile merged and
// written next, rows in one order, a bounded memory when the database stops answering, and flush()
// meaning "everything gathered before the call is written". The SQL itself runs against both engines in
// test/console/insights.test.ts; two writers of the same sessions at once run on both engines here.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { Queryable } from '../../src/db/types.ts';
import { funnelRecorder, sessionHash } from '../../src/insights/funnel.ts';
import { createLogger } from '../../src/log.ts';
import { ENGINES, openTestDatabase, type TestDatabase } from '../storage/helpers.ts';

interface HeldWrite {
  readonly hashes: string[];
  readonly steps: string[];
  readonly locations: (string | null)[];
  readonly reached: Date[];
  release(): void;
}

/** A Queryable whose every query waits for `release()`; `writes` lists them in the order they came. */
function heldDatabase(): { db: Queryable; writes: HeldWrite[]; running(): number } {
  const writes: HeldWrite[] = [];
  let running = 0;
  const db: Queryable = {
    query: (async (_sql: string, params: unknown[] = []) => {
      running++;
      await new Promise<void>((release) => {
        writes.push({
          hashes: params[0] as string[],
          steps: params[1] as string[],
          locations: params[2] as (string | null)[],
          reached: params[4] as Date[],
          release,
        });
      });
      running--;
      return { rows: [], rowCount: 0 };
    }) as Queryable['query'],
    exec: async () => {},
  };
  return { db, writes, running: () => running };
}

function capturedLog(): { log: ReturnType<typeof createLogger>; lines: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: createLogger('warn', sink), lines: () => lines.map((l) => JSON.parse(l)) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the Flow funnel writer', () => {
  test('one write at a time; steps that arrive meanwhile are merged and go with the next write', async () => {
    const { db, writes, running } = heldDatabase();
    const { log } = capturedLog();
    const recorder = funnelRecorder(db, log, { everyMs: 5 });
    const now = Date.now();
    recorder.reached('fb1.a', 'INIT', now, undefined);
    const first = recorder.flush();
    await tick();
    assert.equal(writes.length, 1);

    recorder.reached('fb1.b', 'INIT', now + 1, undefined);
    recorder.reached('fb1.b', 'APPOINTMENT', now + 2, 'oxford-street');
    recorder.reached('fb1.b', 'INIT', now + 3, undefined);
    recorder.reached('fb1.b', 'APPOINTMENT', now + 4, undefined);
    const second = recorder.flush();
    await new Promise((resolve) => setTimeout(resolve, 50)); // ten timer ticks
    assert.equal(running(), 1, 'no second write while the first is held');
    assert.equal(writes.length, 1);

    writes[0]!.release();
    await first;
    await tick();
    assert.equal(writes.length, 2, 'the merged steps go next');
    assert.deepEqual(writes[1]!.hashes, [sessionHash('fb1.b')]);
    assert.deepEqual(writes[1]!.steps, ['APPOINTMENT'], 'a step never goes back');
    assert.deepEqual(writes[1]!.locations, ['oxford-street']);
    assert.deepEqual(writes[1]!.reached, [new Date(now + 2)], 'when it first reached APPOINTMENT');
    let flushed = false;
    void second.then(() => {
      flushed = true;
    });
    await tick();
    assert.equal(flushed, false, 'flush() waits for the write that carries what it was called after');
    writes[1]!.release();
    await second;
    await recorder.close();
    assert.equal(writes.length, 2);
  });

  test('a flush ends once what it was called after is written, however many sessions keep arriving', async () => {
    const { db, writes } = heldDatabase();
    const recorder = funnelRecorder(db, capturedLog().log, { everyMs: 60_000, batchSize: 10 });
    const arrive = (round: number) => {
      for (let i = 0; i < 10; i++) recorder.reached(`fb1.round-${round}-${i}`, 'INIT', Date.now(), undefined);
    };
    arrive(1);
    await tick();
    assert.equal(writes.length, 1, 'a full batch is being written');
    arrive(2);
    let flushed = false;
    const flush = recorder.flush().then(() => {
      flushed = true;
    });
    writes[0]!.release();
    await tick();
    assert.equal(writes.length, 2, 'round 2 goes next');
    arrive(3);
    writes[1]!.release();
    await tick();
    assert.equal(writes.length, 3, 'round 3, which arrived after the flush, is being written');
    assert.equal(flushed, true, 'the flush did not wait for round 3');
    writes[2]!.release();
    await flush;
    await recorder.close();
  });

  test('rows are written in the order of their session hash', async () => {
    const { db, writes } = heldDatabase();
    const recorder = funnelRecorder(db, capturedLog().log, { everyMs: 60_000 });
    for (let i = 0; i < 50; i++) recorder.reached(`fb1.session-${i}`, 'INIT', Date.now(), undefined);
    const done = recorder.flush();
    await tick();
    const hashes = writes[0]!.hashes;
    assert.equal(hashes.length, 50);
    assert.deepEqual(hashes, [...hashes].sort());
    writes[0]!.release();
    await done;
    await recorder.close();
  });

  test('a database that stops answering holds a bounded number of sessions; those left out are logged', async () => {
    const { db, writes } = heldDatabase();
    const { log, lines } = capturedLog();
    const recorder = funnelRecorder(db, log, { everyMs: 60_000, batchSize: 10, maxHeld: 30 });
    const now = Date.now();
    for (let i = 0; i < 10; i++) recorder.reached(`fb1.first-${i}`, 'INIT', now, undefined);
    await tick();
    assert.equal(writes.length, 1, 'a full batch starts a write at once');
    assert.equal(writes[0]!.hashes.length, 10);

    for (let i = 0; i < 45; i++) recorder.reached(`fb1.more-${i}`, 'INIT', now, undefined);
    recorder.reached('fb1.more-0', 'DETAILS', now + 1, 'oxford-street');
    await tick();
    assert.equal(writes.length, 1, 'still one write in flight');

    writes[0]!.release();
    await tick();
    await tick();
    assert.equal(writes.length, 2);
    assert.equal(writes[1]!.hashes.length, 30, 'held up to the bound');
    const index = writes[1]!.hashes.indexOf(sessionHash('fb1.more-0'));
    assert.equal(writes[1]!.steps[index], 'DETAILS', 'a session already held still moves on');
    const warned = lines().find((l) => String(l.msg).includes('not counted'));
    assert.equal(warned?.sessions, 15);
    assert.doesNotMatch(JSON.stringify(lines()), /fb1\./, 'no token in the log');
    writes[1]!.release();
    await recorder.close();
  });

  test('a failed write is logged and dropped; flush() still resolves and the next write goes ahead', async () => {
    let calls = 0;
    const db: Queryable = {
      query: (async () => {
        calls++;
        if (calls === 1) throw new Error('disk full');
        return { rows: [], rowCount: 0 };
      }) as Queryable['query'],
      exec: async () => {},
    };
    const { log, lines } = capturedLog();
    const recorder = funnelRecorder(db, log, { everyMs: 60_000 });
    recorder.reached('fb1.secret-token', 'INIT', Date.now(), undefined);
    await recorder.flush();
    recorder.reached('fb1.other', 'INIT', Date.now(), undefined);
    await recorder.flush();
    await recorder.close();
    assert.equal(calls, 2);
    assert.equal(lines().length, 1);
    assert.match(String(lines()[0]!.msg), /flow funnel batch not written/);
    assert.doesNotMatch(JSON.stringify(lines()), /secret-token/);
  });
});

for (const engine of ENGINES)
  describe(`two funnel writers on one database [${engine}]`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await openTestDatabase(engine);
    });
    after(() => t.cleanup());

    test('writing the same sessions at once, gathered in opposite orders, neither deadlocks nor loses a step', async () => {
      const { log, lines } = capturedLog();
      const sessions = Array.from({ length: 3_000 }, (_, i) => `fb1.shared-${i}`);
      for (let round = 0; round < 5; round++) {
        const one = funnelRecorder(t.db, log, { everyMs: 60_000, batchSize: 10_000 });
        const other = funnelRecorder(t.db, log, { everyMs: 60_000, batchSize: 10_000 });
        const now = Date.now();
        for (const token of sessions) one.reached(`${token}-${round}`, 'INIT', now, undefined);
        for (const token of [...sessions].reverse())
          other.reached(`${token}-${round}`, 'DETAILS', now, 'oxford-street');
        await Promise.all([one.close(), other.close()]);
      }
      assert.deepEqual(lines(), [], 'no write failed');
      const { rows } = await t.db.query<{ furthest: string; location_id: string; n: string }>(
        'SELECT furthest, location_id, count(*) AS n FROM flow_funnel GROUP BY 1, 2',
      );
      assert.deepEqual(
        rows.map((r) => ({ ...r, n: Number(r.n) })),
        [{ furthest: 'DETAILS', location_id: 'oxford-street', n: 5 * sessions.length }],
      );
    });
  });
