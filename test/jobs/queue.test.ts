import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openTestDatabase, type TestDatabase, ENGINES } from '../storage/helpers.ts';
import { holdWorkerLock } from '../../src/jobs/liveness.ts';
import { claimJobs, jobCounts, listJobs, releaseJobs } from '../../src/jobs/queue.ts';
import { enqueue, type JobHandlers } from '../../src/jobs/registry.ts';
import { backoffMs, createWorker } from '../../src/jobs/worker.ts';
import { createLogger } from '../../src/log.ts';
import { metaError } from '../whatsapp/graph-server.ts';
import { waitFor } from '../wait.ts';
import { bookFor, delivery, nfmMsg, startHarness, type Harness } from '../webhook/harness.ts';

const log = createLogger('silent');
const noop = async () => undefined;

describe('job queue on PGlite', () => {
  let t: TestDatabase;
  before(async () => {
    t = await openTestDatabase('pglite');
  });
  after(() => t.cleanup());

  test('a dedup key enqueues once; a rolled-back transaction enqueues nothing', async () => {
    assert.ok(await enqueue(t.db, 'message.handle', { wamid: 'a' }, { dedupKey: 'k1' }));
    assert.equal(await enqueue(t.db, 'message.handle', { wamid: 'a' }, { dedupKey: 'k1' }), undefined);
    await assert.rejects(
      t.db.transaction(async (tx) => {
        await enqueue(tx, 'message.handle', { wamid: 'b' }, { dedupKey: 'k2' });
        throw new Error('roll back');
      }),
    );
    const { rows } = await t.db.query(`SELECT 1 FROM jobs WHERE dedup_key = 'k2'`);
    assert.equal(rows.length, 0);
    await t.db.exec('TRUNCATE jobs');
  });

  test('backoff doubles up to the cap with full jitter', () => {
    const policy = { baseMs: 100, maxMs: 1000 };
    assert.equal(
      backoffMs(1, policy, () => 0.999),
      99,
    );
    assert.equal(
      backoffMs(3, policy, () => 0.5),
      200,
    );
    assert.equal(
      backoffMs(10, policy, () => 0.999),
      999,
    );
    assert.equal(
      backoffMs(2, policy, () => 0),
      10,
    );
  });

  test('a job that keeps failing is retried with backoff, then kept as failed', async () => {
    let runs = 0;
    const handlers: JobHandlers = {
      'webhook.delivery': noop,
      'outbound.send': noop,
      'reminder.send': noop,
      'handoff.timeout': noop,
      'retention.prune': noop,
      'calendar.sync': noop,
      'waitlist.match': noop,
      'waitlist.offer_expired': noop,
      'waitlist.expire': noop,
      'message.handle': async () => {
        runs++;
        throw new Error('boom');
      },
    };
    await enqueue(t.db, 'message.handle', { wamid: 'x' }, { maxAttempts: 3 });
    const worker = createWorker({
      db: t.db,
      handlers,
      log,
      pollMs: 5,
      backoff: { baseMs: 10, maxMs: 20 },
      reclaimAtStart: 'all',
    });
    await worker.start();
    await waitFor('the job failing for good', async () => (await jobCounts(t.db)).failed > 0);
    await worker.stop();
    assert.equal(runs, 3);
    const [failed] = await listJobs(t.db, { state: 'failed' });
    assert.equal(failed!.attempts, 3);
    assert.match(JSON.stringify(failed!.lastError), /boom/);
    await t.db.exec('TRUNCATE jobs');
  });

  test('a delay asked by the handler does not use up an attempt', async () => {
    let runs = 0;
    const handlers: JobHandlers = {
      'webhook.delivery': noop,
      'message.handle': noop,
      'reminder.send': noop,
      'handoff.timeout': noop,
      'retention.prune': noop,
      'calendar.sync': noop,
      'waitlist.match': noop,
      'waitlist.offer_expired': noop,
      'waitlist.expire': noop,
      'outbound.send': async () => (++runs < 3 ? { delayUntil: new Date(Date.now() + 5) } : undefined),
    };
    await enqueue(t.db, 'outbound.send', { outboundId: 1 }, { maxAttempts: 1 });
    const worker = createWorker({ db: t.db, handlers, log, pollMs: 5, reclaimAtStart: 'all' });
    await worker.start();
    await waitFor('the delayed job finishing', async () => (await jobCounts(t.db)).done > 0);
    await worker.stop();
    assert.equal(runs, 3);
    assert.deepEqual(await jobCounts(t.db), { queued: 0, running: 0, done: 1, failed: 0 });
    await t.db.exec('TRUNCATE jobs');
  });

  test('graceful stop waits for a running job; jobs left running by a dead process are queued again at start', async () => {
    let finished = false;
    const handlers: JobHandlers = {
      'webhook.delivery': noop,
      'outbound.send': noop,
      'reminder.send': noop,
      'handoff.timeout': noop,
      'retention.prune': noop,
      'calendar.sync': noop,
      'waitlist.match': noop,
      'waitlist.offer_expired': noop,
      'waitlist.expire': noop,
      // A job that takes a while on purpose: stop() must wait for it.
      'message.handle': async () => {
        await new Promise((r) => setTimeout(r, 100));
        finished = true;
      },
    };
    await enqueue(t.db, 'message.handle', { wamid: 'slow' });
    const worker = createWorker({ db: t.db, handlers, log, pollMs: 5, reclaimAtStart: 'all' });
    await worker.start();
    await waitFor('the worker taking the slow job', () => worker.running > 0, { intervalMs: 5 });
    await worker.stop();
    assert.equal(finished, true);
    assert.equal((await jobCounts(t.db)).done, 1);
    // A claim by a process that then dies (kill -9): the next start reclaims it.
    await enqueue(t.db, 'message.handle', { wamid: 'orphan' });
    assert.equal((await claimJobs(t.db, 'dead-worker', 10, 60_000)).length, 1);
    assert.equal(await releaseJobs(t.db, 'orphaned'), 0); // the lease has not run out
    assert.equal(await releaseJobs(t.db, 'all'), 1);
    const [queued] = await listJobs(t.db, { state: 'queued' });
    assert.equal(queued!.attempts, 0);
    await t.db.exec('TRUNCATE jobs');
  });
});

// On the server only, like every suite's postgres half (ENGINES): npm test starts one; CI fails without it.
if (ENGINES.includes('postgres'))
  describe('orphaned jobs on PostgreSQL (docs/jobs.md, liveness)', () => {
    let t: TestDatabase;
    before(async () => {
      t = await openTestDatabase('postgres');
    });
    after(() => t.cleanup());

    const runningBy = async () =>
      (
        await t.db.query<{ locked_by: string }>(`SELECT locked_by FROM jobs WHERE state = 'running' ORDER BY locked_by`)
      ).rows.map((r) => r.locked_by);

    test('a running job goes back to the queue once its worker’s session lock is free, not before', async () => {
      const open = t.db.session!;
      const live = await open();
      const dying = await open();
      // A failed assertion leaves them open; t.cleanup() closes the pool, which ends them too.
      assert.equal(await holdWorkerLock(live, 'ws_live'), true);
      assert.equal(await holdWorkerLock(dying, 'ws_dying'), true);
      for (const worker of ['ws_live', 'ws_dying', 'w_lease_only']) {
        await enqueue(t.db, 'message.handle', { wamid: worker });
        assert.equal((await claimJobs(t.db, worker, 1, 60_000)).length, 1);
      }
      // Held locks and unexpired leases: nothing is orphaned, and no other session can take a held lock.
      assert.equal(await releaseJobs(t.db, 'orphaned'), 0);
      const intruder = await open();
      assert.equal(await holdWorkerLock(intruder, 'ws_live'), false);
      intruder.release();

      // Its connection closes (what kill -9 does to a process's sockets): the server drops the lock.
      dying.release();
      await waitFor('the dying worker’s job released', async () => (await releaseJobs(t.db, 'orphaned')) === 1);
      // A worker id without the session prefix has no lock to look at: only its lease counts.
      assert.deepEqual(await runningBy(), ['w_lease_only', 'ws_live']);

      live.release();
      await waitFor(
        'the live worker’s job released once it is gone',
        async () => (await releaseJobs(t.db, 'orphaned')) === 1,
      );
      assert.deepEqual(await runningBy(), ['w_lease_only']);
      await t.db.query(`UPDATE jobs SET locked_until = now() - interval '1 second' WHERE state = 'running'`);
      assert.equal(await releaseJobs(t.db, 'orphaned'), 1);
    });

    test('a worker whose session is cut takes its lock again and keeps working; stop() lets the lock go', async () => {
      await t.db.exec('TRUNCATE jobs');
      let runs = 0;
      const handlers: JobHandlers = {
        'webhook.delivery': noop,
        'outbound.send': noop,
        'reminder.send': noop,
        'handoff.timeout': noop,
        'retention.prune': noop,
        'calendar.sync': noop,
        'waitlist.match': noop,
        'waitlist.offer_expired': noop,
        'waitlist.expire': noop,
        'message.handle': async () => {
          runs++;
        },
      };
      const worker = createWorker({
        db: t.db,
        handlers,
        log,
        pollMs: 5,
        reclaimAtStart: 'orphaned',
        session: t.db.session!,
        reapEveryMs: 50,
      });
      const holder = async () =>
        (
          await t.db.query<{ pid: number }>(
            `SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
             AND l.objid = hashtext($1)::oid`,
            [worker.id],
          )
        ).rows[0]?.pid;
      await worker.start();
      try {
        const first = await holder();
        assert.ok(first, 'the lock is held once started');
        // What a server restart, a failover or a proxy's timeout does to one connection.
        await t.db.query('SELECT pg_terminate_backend($1)', [first]);
        const second = await waitFor('the lock taken again', async () => {
          const pid = await holder();
          return pid !== undefined && pid !== first ? pid : undefined;
        });
        assert.notEqual(second, first);
        await enqueue(t.db, 'message.handle', { wamid: 'after-reconnect' });
        worker.nudge();
        await waitFor('the job run after the reconnect', () => runs === 1);
      } finally {
        await worker.stop(); // also when an assertion failed: a running worker would keep the file alive
      }
      await waitFor('the lock gone after stop()', async () => (await holder()) === undefined);
    });
  });

for (const engine of ENGINES)
  describe(`GET /api/jobs and POST /api/jobs/:id/retry [${engine}]`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ engine, tuning: { backoff: { baseMs: 5, maxMs: 10 } } });
    });
    after(() => h.close());
    const auth = { authorization: 'Bearer admin-token' };

    test('a send that exhausts its retries is visible as failed and can be retried', async () => {
      const phone = '12025550999';
      const { token } = await bookFor(h.app, phone, { slot: 6 });
      const answer = h.graph.fallback;
      h.graph.fallback = (req) =>
        (req.json() as any)?.type === 'template' ? { status: 503, json: metaError(2, 'Service down') } : answer(req);
      await h.post(delivery({ messages: [nfmMsg(phone, 'wamid.J1', { flow_token: token })] }));
      await h.idle();
      assert.equal((await h.app.server.inject({ method: 'GET', url: '/api/jobs?state=failed' })).statusCode, 401);
      const res = await h.app.server.inject({ method: 'GET', url: '/api/jobs?state=failed', headers: auth });
      assert.equal(res.statusCode, 200);
      const jobs = res.json().jobs as Array<{
        id: number;
        name: string;
        attempts: number;
        lastError: { metaCode: number };
      }>;
      assert.equal(jobs.length, 1);
      assert.equal(jobs[0]!.name, 'outbound.send');
      assert.equal(jobs[0]!.attempts, 10);
      assert.equal(jobs[0]!.lastError.metaCode, 2);
      assert.equal(
        (await h.app.server.inject({ method: 'GET', url: '/api/jobs?state=nope', headers: auth })).statusCode,
        400,
      );
      h.graph.fallback = answer;
      const retry = await h.app.server.inject({ method: 'POST', url: `/api/jobs/${jobs[0]!.id}/retry`, headers: auth });
      assert.equal(retry.statusCode, 200);
      await h.idle();
      assert.equal(h.sentTo(phone).filter((m) => m.type === 'template').length, 11);
      assert.equal(
        (await h.app.server.inject({ method: 'POST', url: `/api/jobs/${jobs[0]!.id}/retry`, headers: auth }))
          .statusCode,
        404,
      );
    });
  });
