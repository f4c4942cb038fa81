import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** Give up after this long; generous, because a loaded 2-core CI machine is slow. */
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/**
 * Polls `check` until it returns something truthy and returns that, instead of sleeping a fixed time
 * and hoping: fast when the machine is fast, patient when it is loaded. Past `timeoutMs` it throws
 * "<what> did not happen within N ms" (and the last error `check` threw, as the cause).
 */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  options: WaitOptions = {},
): Promise<NonNullable<T>> {
  const { timeoutMs = 10_000, intervalMs = 10 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`, { cause: lastError });
    await sleep(intervalMs);
  }
}
