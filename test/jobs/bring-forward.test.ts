// The sandbox's clock control underneath (src/jobs/queue.ts `bringForward`), on both engines: the
// named jobs due within the window are due now, and nothing else moves.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { bringForward } from '../../src/jobs/queue.ts';
import { enqueue } from '../../src/jobs/registry.ts';
import { forEachEngine } from '../storage/helpers.ts';

const HOUR = 3_600_000;

forEachEngine('bringing jobs forward', (ctx) => {
  beforeEach(async () => {
    await ctx.db.exec('TRUNCATE jobs');
  });
  const dueNow = async () =>
    (
      await ctx.db.query<{ name: string; payload: { offset?: string } }>(
        `SELECT name, payload FROM jobs WHERE state = 'queued' AND run_at <= now() ORDER BY id`,
      )
    ).rows.map((r) => `${r.name}:${r.payload.offset ?? ''}`);

  test('the reminders due within the window run now; later ones, other jobs and finished ones stay', async () => {
    const reminder = (offset: string, inMs: number) =>
      enqueue(
        ctx.db,
        'reminder.send',
        { bookingId: '00000000-0000-4000-8000-000000000001', offset, dueAt: new Date(Date.now() + inMs).toISOString() },
        { runAt: new Date(Date.now() + inMs) },
      );
    await reminder('2h', 2 * HOUR);
    await reminder('24h', 23 * HOUR);
    await reminder('later', 30 * HOUR);
    await enqueue(ctx.db, 'calendar.sync', {}, { runAt: new Date(Date.now() + HOUR) });
    const done = await reminder('done', HOUR);
    await ctx.db.query(`UPDATE jobs SET state = 'done' WHERE id = $1`, [done]);
    assert.deepEqual(await dueNow(), []);

    assert.deepEqual(await bringForward(ctx.db, ['reminder.send'], 24 * HOUR), { 'reminder.send': 2 });
    assert.deepEqual(await dueNow(), ['reminder.send:2h', 'reminder.send:24h']);
    // Nothing left in the window: a second press brings nothing.
    assert.deepEqual(await bringForward(ctx.db, ['reminder.send'], 24 * HOUR), {});
    assert.deepEqual(await bringForward(ctx.db, ['reminder.send'], 31 * HOUR), { 'reminder.send': 1 });
    assert.equal((await dueNow()).length, 3, 'calendar.sync keeps its time');
  });
});
