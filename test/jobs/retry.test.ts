import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BadRequestError, ConfigError, isRetryable } from '../../src/errors.ts';
import { jobCounts, listJobs } from '../../src/jobs/queue.ts';
import { enqueue, type JobHandlers } from '../../src/jobs/registry.ts';
import { createWorker } from '../../src/jobs/worker.ts';
import { createLogger } from '../../src/log.ts';
import { GraphApiError, GraphResponseError, GraphTransportError } from '../../src/whatsapp/errors.ts';
import { ENGINES, openTestDatabase, type TestDatabase } from '../storage/helpers.ts';
import { waitFor } from '../wait.ts';

const sqlError = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code, severity: 'ERROR' });

test('what is worth retrying: the error says so, a programming error never, a database error by its class', () => {
  const cases: Array<[string, unknown, boolean]> = [
    ['a Graph 5xx', new GraphApiError(503, { code: 2 }, true), true],
    ['a Graph 131047 (Meta says final)', new GraphApiError(400, { code: 131047 }, false), false],
    ['Graph unreachable', new GraphTransportError('network', new Error('ECONNREFUSED')), true],
    ['a configuration problem', new ConfigError(['PHONE_NUMBER_ID is required']), false],
    ['a bad request', new BadRequestError('no'), false],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'id')"), false],
    ['a RangeError', new RangeError('Invalid time value'), false],
    ['a ReferenceError', new ReferenceError('x is not defined'), false],
    ['a deadlock (40P01)', sqlError('40P01'), true],
    ['a serialization failure (40001)', sqlError('40001'), true],
    ['a lost connection (08006)', sqlError('08006'), true],
    ['a server shutting down (57P01)', sqlError('57P01'), true],
    ['a unique violation (23505)', sqlError('23505'), false],
    ['an undefined column (42703)', sqlError('42703'), false],
    ['a socket reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), true],
    ['a broken pipe (five letters, not a SQLSTATE)', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }), true],
    ['a Graph answer flowbook cannot read', new GraphResponseError('no messages[0].id'), true],
    ['an unknown Error', new Error('something odd'), true],
  ];
  for (const [what, error, expected] of cases) assert.equal(isRetryable(error), expected, what);
});

for (const engine of ENGINES)
  describe(`the worker retries only what is retryable [${engine}]`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await openTestDatabase(engine);
    });
    after(() => t.cleanup());

    async function runUntilSettled(handler: JobHandlers['message.handle']): Promise<void> {
      const noop = async () => undefined;
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
        'message.handle': handler,
      };
      await enqueue(t.db, 'message.handle', { wamid: 'w' }, { maxAttempts: 5 });
      const worker = createWorker({
        db: t.db,
        handlers,
        log: createLogger('silent'),
        pollMs: 5,
        backoff: { baseMs: 5, maxMs: 10 },
        reclaimAtStart: 'all',
      });
      await worker.start();
      await waitFor('the job settling as done or failed', async () => {
        const counts = await jobCounts(t.db);
        return counts.failed + counts.done > 0;
      });
      await worker.stop();
    }

    test('a TypeError fails the job at once, with its reason', async () => {
      let runs = 0;
      await runUntilSettled(async () => {
        runs++;
        throw new TypeError("Cannot read properties of undefined (reading 'phone')");
      });
      assert.equal(runs, 1);
      const [failed] = await listJobs(t.db, { state: 'failed' });
      assert.equal(failed!.attempts, 1);
      assert.match(JSON.stringify(failed!.lastError), /TypeError.*reading 'phone'/);
      await t.db.exec('TRUNCATE jobs');
    });

    test('a transient failure is tried again and then succeeds', async () => {
      let runs = 0;
      await runUntilSettled(async () => {
        if (++runs < 3) throw sqlError('40P01');
      });
      assert.equal(runs, 3);
      assert.equal((await jobCounts(t.db)).done, 1);
      await t.db.exec('TRUNCATE jobs');
    });
  });
