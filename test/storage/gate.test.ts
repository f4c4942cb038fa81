import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Gate } from '../../src/db/gate.ts';

/** A statement that, like PGlite's, finishes in microtasks without reaching the event loop. */
const microtaskWork = async (log: string[], name: string) => {
  for (let i = 0; i < 3; i++) await Promise.resolve();
  log.push(name);
};

describe('database gate', () => {
  test('one holder at a time; urgent waiters go before normal ones', async () => {
    const gate = new Gate();
    const order: string[] = [];
    const release = await gate.acquire();
    const waiting = [
      gate.run(() => microtaskWork(order, 'normal 1')),
      gate.run(() => microtaskWork(order, 'normal 2')),
      gate.run(() => microtaskWork(order, 'urgent'), 'urgent'),
    ];
    await Promise.resolve();
    assert.deepEqual(order, []);
    release();
    await Promise.all(waiting);
    assert.deepEqual(order, ['urgent', 'normal 1', 'normal 2']);
  });

  test('between two background statements the event loop turns, so requests are read in between', async () => {
    const gate = new Gate();
    const order: string[] = [];
    const background = Array.from({ length: 4 }, (_, i) => gate.run(() => microtaskWork(order, `job ${i}`)));
    // What a request arriving meanwhile looks like: a macrotask that then wants the gate urgently.
    setImmediate(() => {
      order.push('request read');
      void gate.run(() => microtaskWork(order, 'store'), 'urgent');
    });
    await Promise.all(background);
    await new Promise((resolve) => setImmediate(resolve));
    const read = order.indexOf('request read');
    assert.ok(read > 0 && read < order.indexOf('job 3'), `the request waited for every job: ${order.join(', ')}`);
    assert.ok(order.indexOf('store') < order.indexOf('job 3'), `the store did not go first: ${order.join(', ')}`);
  });

  test('releasing twice is harmless', async () => {
    const gate = new Gate();
    const release = await gate.acquire();
    release();
    release();
    const again = await gate.acquire();
    again();
  });
});
