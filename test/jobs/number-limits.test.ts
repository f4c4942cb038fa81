import assert from 'node:assert/strict';
import { test } from 'node:test';
import { databasePacer, PACING_GUARD_MS, type Pacing } from '../../src/messaging/pacing.ts';
import { sendSlot, type SendDeps } from '../../src/messaging/send.ts';
import { createSender } from '../../src/messaging/sender.ts';
import { createLogger } from '../../src/log.ts';
import { forEachEngine } from '../storage/helpers.ts';

/**
 * Meta's throughput limit is per phone number (docs/protocol.md §9): with several numbers
 * (src/catalog/numbers.ts) each has its own, at its own rate, on the server's shared pacing and on
 * the embedded engine's limiters alike.
 */
const SLOW = '7000001'; // 2 a second
const FAST = '7000002'; // 50 a second
const rate = (id: string) => (id === SLOW ? 2 : 50);

forEachEngine('each number its own send limit', (ctx) => {
  test("shared pacing spaces each number's slots by its own rate, and one number's backlog never delays another", async () => {
    // An 800 ms horizon: the third slow slot (1,035 ms on) stays beyond it unless the takes between the
    // first and the third last 235 ms (at the default 1 s, 35 ms on a loaded machine brought it within).
    const pacer = databasePacer(ctx.db, { perSecond: rate, pairIntervalMs: 0, horizonMs: 800 });
    const taken: Record<string, Pacing[]> = { [SLOW]: [], [FAST]: [] };
    for (let i = 0; i < 3; i++) {
      for (const number of [SLOW, FAST]) taken[number]!.push(await pacer.take(number, `customer-${i}`));
    }
    const slow = taken[SLOW]!;
    const fast = taken[FAST]!;
    assert.deepEqual(
      slow.map((p) => p.ok),
      [true, true, false],
      'at 2/s the third slot is beyond the horizon: asked again later',
    );
    assert.equal(slow[2]!.ok === false && slow[2]!.reason, 'number');
    const gap = (a: Pacing, b: Pacing) => (a.ok && b.ok ? b.slotAt - a.slotAt : Number.NaN);
    // (1000 ms + the guard) / rate between slots of one number.
    const spacing = (perSecond: number) => (1_000 + PACING_GUARD_MS) / perSecond;
    assert.ok(Math.abs(gap(slow[0]!, slow[1]!) - spacing(2)) < 2, `slow gap ${gap(slow[0]!, slow[1]!)}`);
    assert.ok(fast.every((p) => p.ok));
    assert.ok(Math.abs(gap(fast[0]!, fast[1]!) - spacing(50)) < 2, `fast gap ${gap(fast[0]!, fast[1]!)}`);
    assert.ok(
      fast.every((p) => p.ok && p.waitMs < 100),
      'the fast number waits on its own slots only',
    );
  });

  test("a missed slot is replaced without the customer's spacing making the message wait for itself", async () => {
    const pacer = databasePacer(ctx.db, { perSecond: 50, pairIntervalMs: 6_000 });
    const first = await pacer.take(FAST, 'retaker');
    assert.ok(first.ok && first.pairUntil !== undefined);
    const again = await pacer.take(FAST, 'retaker');
    assert.equal(again.ok, false, 'a second message to the customer waits out the spacing');
    const replaced = await pacer.take(FAST, 'retaker', first.ok ? first.pairUntil : undefined);
    assert.ok(replaced.ok, 'the same message, its slot missed, takes a new one at once');
    assert.ok(replaced.ok && first.ok && replaced.pairUntil! > first.pairUntil!, 'and the spacing now counts from it');
    assert.equal((await pacer.take(FAST, 'retaker', 12345)).ok, false, "someone else's reservation still counts");
  });
});

test('a send whose process stalled past its slot takes a new slot instead of crowding the second', async () => {
  const takes: Array<number | undefined> = [];
  const now = Date.now();
  const deps = {
    log: createLogger('silent'),
    pacer: {
      async take(_number: string, _to: string, replacing?: number) {
        takes.push(replacing);
        // The first slot was due 100 ms ago (the process stalled); the second is now.
        return takes.length === 1
          ? { ok: true as const, waitMs: 0, sendAt: now - 100, slotAt: now - 100, pairUntil: 777 }
          : { ok: true as const, waitMs: 0, sendAt: Date.now(), slotAt: Date.now(), pairUntil: 778 };
      },
    },
  } as unknown as SendDeps;
  assert.equal(await sendSlot(deps, FAST, { id: '1', customer_phone: 'x' }), undefined, 'sent on the second slot');
  assert.deepEqual(takes, [undefined, 777], "the second take replaces the first one's reservation");
});

test("the embedded engine's limiters are per number at each number's rate, and follow a changed rate", () => {
  let slowRate = 2;
  const sender = createSender({
    token: 't',
    version: 'v24.0',
    phoneNumberId: undefined,
    baseUrl: () => 'http://127.0.0.1:9',
    clock: Date.now,
    pairIntervalMs: 0,
    perSecond: (id) => (id === SLOW ? slowRate : 50),
  });
  const grants = (number: string, n: number) =>
    Array.from({ length: n }, (_, i) => sender.limiterFor(number).tryAcquire(`c${i}`).ok).filter(Boolean).length;
  assert.equal(grants(SLOW, 5), 2, 'two in a second at 2/s');
  assert.equal(grants(FAST, 5), 5, "the other number's limit is its own");
  slowRate = 4; // the catalog was reloaded with a higher limit for the number
  assert.equal(grants(SLOW, 6), 4);
});
