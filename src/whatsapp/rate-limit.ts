/**
 * Outbound pacing for the Cloud API (docs/protocol.md §9): at most `perSecond` messages in any one-second
 * window per phone number id (default 80, error 130429 beyond it) and about one message per 6 s to
 * the same customer (pair rate, error 131056). In-process only; one limiter per phone number id.
 *
 * The per-number limit is a sliding window over the last N send times rather than a token bucket:
 * a bucket of capacity N refilled at N/s admits 2N messages in its first second, which is exactly
 * what Meta counts against us. Requests are queued, never dropped.
 */

export interface OutboundLimiterOptions {
  /** Messages per second for this phone number id (docs/protocol.md §9: 80 by default, up to 1000). */
  readonly perSecond?: number;
  /** Minimum spacing between two messages to one recipient. */
  readonly pairIntervalMs?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
  /** Injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * `ok`: the slot is taken, send now. Otherwise try again at `retryAt` (ms since the epoch); `reason`
 * says which limit held it: the number's throughput or the customer's pair rate.
 */
export type SendPermit =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAt: number; readonly reason: 'number' | 'pair' };

export interface OutboundLimiter {
  /** The earliest time (ms since the epoch, ≥ now) a message to `recipient` may go; reserves nothing. */
  earliestSendTime(recipient: string): number;
  /** Takes a slot if one is free now, else says when to come back: for job queues that delay instead of blocking. */
  tryAcquire(recipient: string): SendPermit;
  /** Waits for a slot and takes it; callers for one recipient are served in order. */
  acquire(recipient: string): Promise<void>;
  /** `acquire`, then `send`. */
  schedule<T>(recipient: string, send: () => Promise<T>): Promise<T>;
  /** Callers currently waiting in {@link acquire}. */
  readonly waiting: number;
}

const DEFAULT_PER_SECOND = 80;
/** Meta's pair rate: about one message every 6 s to one customer (docs/protocol.md §9). */
export const DEFAULT_PAIR_INTERVAL_MS = 6_000;
const WINDOW_MS = 1_000;
const PRUNE_AT = 10_000;

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Creates an {@link OutboundLimiter}; importing this module starts nothing. */
export function createOutboundLimiter(options: OutboundLimiterOptions = {}): OutboundLimiter {
  const perSecond = options.perSecond ?? DEFAULT_PER_SECOND;
  if (!Number.isInteger(perSecond) || perSecond < 1) throw new RangeError('perSecond must be a positive integer');
  const pairIntervalMs = options.pairIntervalMs ?? DEFAULT_PAIR_INTERVAL_MS;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;

  // The last `perSecond` granted send times, oldest at `head` once full. Grants are handed out in
  // non-decreasing time order, so the ring stays sorted.
  const ring: number[] = [];
  let head = 0;
  const nextByRecipient = new Map<string, number>();
  const queues = new Map<string, Promise<void>>();
  let waiting = 0;

  function globalEarliest(t: number): number {
    if (ring.length < perSecond) return t;
    return Math.max(t, (ring[head] as number) + WINDOW_MS);
  }

  function grant(recipient: string, at: number): void {
    if (ring.length < perSecond) ring.push(at);
    else ring[head] = at;
    head = (head + 1) % perSecond;
    nextByRecipient.set(recipient, at + pairIntervalMs);
    if (nextByRecipient.size > PRUNE_AT) prune(now());
  }

  function prune(t: number): void {
    for (const [recipient, next] of nextByRecipient) {
      if (next <= t && !queues.has(recipient)) nextByRecipient.delete(recipient);
    }
  }

  function earliestSendTime(recipient: string): number {
    const t = now();
    return Math.max(globalEarliest(t), nextByRecipient.get(recipient) ?? t);
  }

  async function takeTurn(recipient: string): Promise<void> {
    for (let t = now(), due = nextByRecipient.get(recipient) ?? t; due > t; t = now()) {
      await sleep(due - t);
    }
    // Reserve the per-number slot at once, in arrival order, then wait for it.
    const t = now();
    const at = globalEarliest(t);
    grant(recipient, at);
    if (at > t) await sleep(at - t);
  }

  function acquire(recipient: string): Promise<void> {
    waiting++;
    const previous = queues.get(recipient) ?? Promise.resolve();
    const turn = previous.then(() => takeTurn(recipient)).finally(() => waiting--);
    const tail = turn.catch(() => undefined);
    queues.set(recipient, tail);
    void tail.then(() => {
      if (queues.get(recipient) === tail) queues.delete(recipient);
    });
    return turn;
  }

  return {
    earliestSendTime,
    tryAcquire(recipient) {
      const t = now();
      if (queues.has(recipient)) {
        // Someone is already queued for this customer: come back after their message.
        return {
          ok: false,
          retryAt: Math.max(t, nextByRecipient.get(recipient) ?? t) + pairIntervalMs,
          reason: 'pair',
        };
      }
      const pairAt = nextByRecipient.get(recipient) ?? t;
      const at = Math.max(globalEarliest(t), pairAt);
      if (at > t) return { ok: false, retryAt: at, reason: pairAt >= at ? 'pair' : 'number' };
      grant(recipient, t);
      return { ok: true };
    },
    acquire,
    async schedule(recipient, send) {
      await acquire(recipient);
      return send();
    },
    get waiting() {
      return waiting;
    },
  };
}
