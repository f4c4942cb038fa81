import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createOutboundLimiter, type OutboundLimiterOptions } from '../../src/whatsapp/rate-limit.ts';

/** A clock that only moves when the test runs the timers, in time order. */
class FakeTime {
  now = 0;
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;

  readonly clock = () => this.now;
  readonly sleep = (ms: number) =>
    new Promise<void>((resolve) => this.timers.push({ at: this.now + Math.max(0, ms), seq: this.seq++, resolve }));

  /** Fires timers in order until none is left, letting promise chains settle between them. */
  async runAll(): Promise<void> {
    await settle();
    while (this.timers.length > 0) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const timer = this.timers.shift()!;
      this.now = Math.max(this.now, timer.at);
      timer.resolve();
      await settle();
    }
  }
}

function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function limiter(time: FakeTime, options: OutboundLimiterOptions = {}) {
  return createOutboundLimiter({ now: time.clock, sleep: time.sleep, ...options });
}

/** Starts `acquire` for each recipient at the current fake time; resolves to the grant times. */
async function sendTimes(time: FakeTime, l: ReturnType<typeof limiter>, recipients: string[]) {
  const times: number[] = new Array(recipients.length);
  const done = recipients.map((r, i) => l.acquire(r).then(() => (times[i] = time.now)));
  await time.runAll();
  await Promise.all(done);
  return times;
}

function maxInAnyWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] as number) - (sorted[j] as number) >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('outbound limiter', () => {
  it('sends at most N per second per number, queuing the rest', async () => {
    const time = new FakeTime();
    const l = limiter(time, { perSecond: 5 });
    const times = await sendTimes(
      time,
      l,
      Array.from({ length: 12 }, (_, i) => `r${i}`),
    );
    assert.deepEqual(times, [0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000]);
    assert.equal(l.waiting, 0);
  });

  it('defaults to 80 per second', async () => {
    const time = new FakeTime();
    const times = await sendTimes(
      time,
      limiter(time),
      Array.from({ length: 200 }, (_, i) => `r${i}`),
    );
    assert.equal(times.filter((t) => t === 0).length, 80);
    assert.equal(maxInAnyWindow(times, 1000), 80);
    assert.equal(Math.max(...times), 2000);
  });

  it('spaces messages to one recipient by the pair interval, in order, dropping none', async () => {
    const time = new FakeTime();
    const l = limiter(time);
    const order: number[] = [];
    const sent = [1, 2, 3].map((n) => l.schedule('same', async () => order.push(n)));
    await time.runAll();
    await Promise.all(sent);
    assert.deepEqual(order, [1, 2, 3]);
    assert.equal(time.now, 12_000);
  });

  it('combines both limits', async () => {
    const time = new FakeTime();
    const times = await sendTimes(time, limiter(time, { perSecond: 1 }), ['a', 'a', 'b', 'c']);
    // a at 0; b and c take the next per-second slots; the second a waits out its pair interval.
    assert.deepEqual(times, [0, 6000, 1000, 2000]);
  });

  it('tells a job queue when to come back instead of blocking', () => {
    const time = new FakeTime();
    const l = limiter(time, { perSecond: 2 });
    assert.equal(l.earliestSendTime('a'), 0);
    assert.deepEqual(l.tryAcquire('a'), { ok: true });
    assert.deepEqual(l.tryAcquire('a'), { ok: false, retryAt: 6000, reason: 'pair' });
    assert.equal(l.earliestSendTime('a'), 6000);
    assert.deepEqual(l.tryAcquire('b'), { ok: true });
    assert.deepEqual(l.tryAcquire('c'), { ok: false, retryAt: 1000, reason: 'number' });
    time.now = 1000;
    assert.deepEqual(l.tryAcquire('c'), { ok: true });
    time.now = 6000;
    assert.deepEqual(l.tryAcquire('a'), { ok: true });
  });

  it('keeps serving a recipient after a failed send', async () => {
    const time = new FakeTime();
    const l = limiter(time);
    const failed = l.schedule('a', async () => {
      throw new Error('boom');
    });
    const next = l.schedule('a', async () => 'sent');
    const results = Promise.allSettled([failed, next]);
    await time.runAll();
    const [first, second] = await results;
    assert.equal(first?.status, 'rejected');
    assert.deepEqual(second, { status: 'fulfilled', value: 'sent' });
  });

  it('rejects a nonsensical rate', () => {
    assert.throws(() => createOutboundLimiter({ perSecond: 0 }), RangeError);
  });

  it('never exceeds either limit for any arrival pattern (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ delay: fc.integer({ min: 0, max: 3000 }), who: fc.integer({ min: 0, max: 4 }) }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 1, max: 6 }),
        async (arrivals, perSecond) => {
          const time = new FakeTime();
          const l = limiter(time, { perSecond, pairIntervalMs: 2000 });
          const grants: { who: number; at: number }[] = [];
          const done: Promise<unknown>[] = [];
          for (const { delay, who } of arrivals) {
            done.push(
              time.sleep(delay).then(() => l.acquire(`r${who}`).then(() => grants.push({ who, at: time.now }))),
            );
          }
          await time.runAll();
          await Promise.all(done);
          assert.equal(grants.length, arrivals.length);
          assert.ok(
            maxInAnyWindow(
              grants.map((g) => g.at),
              1000,
            ) <= perSecond,
          );
          for (let who = 0; who < 5; who++) {
            const mine = grants.filter((g) => g.who === who).map((g) => g.at);
            for (let i = 1; i < mine.length; i++) assert.ok((mine[i] as number) - (mine[i - 1] as number) >= 2000);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
