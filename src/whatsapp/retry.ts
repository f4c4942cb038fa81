/**
 * The one place that decides what the Graph client retries (docs/protocol.md §9) and how long it waits.
 * Meta's error-code reference: 2 (service temporarily down), 4 (app call rate), 80007 (WABA rate),
 * 130429 (throughput), 131000 ("something went wrong", try again), 131016 (a service temporarily
 * unavailable), 131056 (pair rate: same recipient too often), 133004 (server temporarily
 * unavailable). 131001/131002 are not in Meta's current list, so they get no special entry.
 */
const RETRYABLE_META_CODES: ReadonlyMap<number, { readonly minDelayMs: number }> = new Map([
  [2, { minDelayMs: 0 }],
  [4, { minDelayMs: 0 }],
  [80007, { minDelayMs: 0 }],
  [130429, { minDelayMs: 0 }],
  [131000, { minDelayMs: 0 }],
  [131016, { minDelayMs: 0 }],
  // About one message per 6 s to one customer (docs/protocol.md §9): retrying sooner only burns an attempt.
  [131056, { minDelayMs: 6_000 }],
  [133004, { minDelayMs: 0 }],
]);

/**
 * Codes that are never retried whatever the HTTP status: the request itself is wrong or the
 * customer cannot receive it (24-h window 131047, undeliverable 131026, spam rate 131048,
 * template errors 132xxx, Flow blocked/throttled 132068/132069).
 */
function isPermanentMetaCode(code: number): boolean {
  return code === 131047 || code === 131026 || code === 131048 || (code >= 132000 && code < 133000);
}

/** Retry decision for an HTTP error answer: the Meta code decides first, then the HTTP status. */
export function isRetryable(httpStatus: number, metaCode: number | undefined): boolean {
  if (metaCode !== undefined) {
    if (isPermanentMetaCode(metaCode)) return false;
    if (RETRYABLE_META_CODES.has(metaCode)) return true;
  }
  return httpStatus === 429 || httpStatus >= 500;
}

export interface RetryPolicy {
  /** Total attempts including the first. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
});

/**
 * Exponential backoff with full jitter: a uniform draw in [0, min(max, base·2^(retry-1))), then
 * raised to the code's floor (131056) and to Meta's `Retry-After` when it sent one.
 * `retry` counts from 1 (the wait before the second attempt).
 */
export function backoffDelay(
  retry: number,
  policy: RetryPolicy,
  random: () => number,
  floors: { metaCode?: number | undefined; retryAfterMs?: number | undefined } = {},
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.floor(random() * ceiling);
  const codeFloor = floors.metaCode === undefined ? 0 : (RETRYABLE_META_CODES.get(floors.metaCode)?.minDelayMs ?? 0);
  const retryAfter = Math.min(floors.retryAfterMs ?? 0, policy.maxDelayMs);
  return Math.max(jittered, codeFloor, retryAfter);
}

/** Reads `Retry-After` in seconds (the HTTP-date form is ignored: Graph does not send it). */
export function parseRetryAfter(header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}
