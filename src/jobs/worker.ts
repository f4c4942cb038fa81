import { randomBytes } from 'node:crypto';
import type { Database, Session } from '../db/types.ts';
import { asError, isRetryable } from '../errors.ts';
import type { Logger } from '../log.ts';
import { holdWorkerLock, SESSION_WORKER_PREFIX } from './liveness.ts';
import {
  claimJobs,
  completeJob,
  delayJob,
  failJob,
  pruneDoneJobs,
  releaseJobs,
  renewLeases,
  type ClaimedJob,
} from './queue.ts';
import type { JobContext, JobHandlers, JobName, JobOutcome } from './registry.ts';

export interface BackoffPolicy {
  /** Delay before the 2nd attempt; doubles each time (full jitter). */
  readonly baseMs: number;
  readonly maxMs: number;
}

const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 };

export interface WorkerOptions {
  readonly db: Database;
  readonly handlers: JobHandlers;
  readonly log: Logger;
  /** Jobs run at once (default 4). On PGlite statements are serialised anyway; this overlaps Graph calls. */
  readonly concurrency?: number;
  /** Idle poll interval (default 250 ms); {@link Worker.nudge} wakes the loop at once. */
  readonly pollMs?: number;
  /**
   * A claimed job is someone else's this long after its worker's last heartbeat (default 60 s); the
   * worker renews its leases every fifth of this. With a {@link WorkerOptions.session} the lease is
   * only the last resort (a lock that outlives its process, docs/operations.md), so keep it long: a
   * live worker whose event loop stalls past it loses its jobs.
   */
  readonly leaseMs?: number;
  /** How often to look for orphaned jobs (default a fifth of the lease, at most 10 s). */
  readonly reapEveryMs?: number;
  /**
   * On a server: opens the connection this worker's session lock lives on (src/jobs/liveness.ts), so
   * other instances run its jobs as soon as the process is gone, not when the lease runs out.
   */
  readonly session?: () => Promise<Session>;
  /** Told how each job ended, for metrics. */
  readonly observe?: (job: ClaimedJob, result: JobResult, runMs: number) => void;
  readonly backoff?: BackoffPolicy;
  /** Uniform in [0, 1); injectable for tests. */
  readonly random?: () => number;
  /**
   * What to do with jobs left `running` at start: `all` on the embedded engine (only one process can
   * open it, so their owner is dead: kill -9), `orphaned` ones on a server shared by several processes.
   */
  readonly reclaimAtStart: 'all' | 'orphaned';
  /**
   * While this says so, the worker waits before claiming (at most `maxHoldMs`, default 500 ms, so it
   * never starves): on the embedded engine, a burst of webhook deliveries is stored and answered first.
   */
  readonly holdWhile?: () => boolean;
  readonly maxHoldMs?: number;
}

/** How a run ended: finished, put off by its handler (`delayUntil`), to be retried, or failed for good. */
export type JobResult = 'done' | 'delayed' | 'retry' | 'failed';

export interface Worker {
  /** `locked_by` of its jobs; on a server also its lock's name (src/jobs/liveness.ts), chosen anew on a collision. */
  readonly id: string;
  start(): Promise<void>;
  /** Wakes the loop now (e.g. right after a delivery was stored). */
  nudge(): void;
  /** Stops claiming, waits up to `timeoutMs` for running jobs, then gives the rest back to the queue. */
  stop(timeoutMs?: number): Promise<void>;
  /** Jobs running now. */
  readonly running: number;
}

/** Full-jitter exponential backoff: uniform in [0, min(max, base · 2^(attempt−1))], at least 10 ms. */
export function backoffMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(10, Math.floor(random() * cap));
}

function describe(error: Error): Record<string, unknown> {
  const e = error as Error & { code?: unknown; metaCode?: unknown; status?: unknown };
  return { name: e.name, message: e.message, code: e.code, metaCode: e.metaCode, status: e.status };
}

const HOLD_STEP_MS = 20;
const PRUNE_EVERY_MS = 10 * 60_000;
/** A lost session is asked for again this often (src/jobs/liveness.ts). */
const RECONNECT_EVERY_MS = 1_000;
/** Tries at a free lock id: a 32-bit hash collides with a live worker's about never, twice in a row never. */
const LOCK_ID_TRIES = 5;

/** The poll loop: claims due jobs, runs them through the registry's handlers, records the outcome. */
export function createWorker(options: WorkerOptions): Worker {
  const { db, handlers, log } = options;
  const concurrency = options.concurrency ?? 4;
  const pollMs = options.pollMs ?? 250;
  const leaseMs = options.leaseMs ?? 60_000;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const newId = () =>
    `${options.session ? SESSION_WORKER_PREFIX : 'w_'}${process.pid}_${randomBytes(4).toString('hex')}`;
  let id = newId();
  let session: Session | undefined;
  const running = new Set<Promise<void>>();
  let stopping = false;
  let wake: (() => void) | undefined;
  let loopDone: Promise<void> | undefined;
  let lastReclaim = 0;
  let lastPrune = 0;
  const reclaimEveryMs = options.reapEveryMs ?? Math.min(10_000, leaseMs / 5);
  let heartbeat: NodeJS.Timeout | undefined;

  const sleep = (msToWait: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, msToWait);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function settle(job: ClaimedJob, outcome: JobOutcome, finished: boolean): Promise<JobResult> {
    if (outcome && 'delayUntil' in outcome) {
      await delayJob(db, job.id, outcome.delayUntil.getTime() - Date.now(), false);
      return 'delayed';
    }
    if (!finished) await completeJob(db, job.id);
    return 'done';
  }

  async function runJob(job: ClaimedJob): Promise<void> {
    const handler = handlers[job.name] as ((payload: unknown, ctx: JobContext) => Promise<JobOutcome>) | undefined;
    const started = performance.now();
    const observe = (result: JobResult) => options.observe?.(job, result, performance.now() - started);
    // Set once the handler marked the job done in its own transaction (JobContext.finishIn).
    let finished = false;
    try {
      if (!handler) throw new Error(`no handler for job ${job.name}`);
      const outcome = await handler(job.payload, {
        id: job.id,
        priority: job.priority,
        attempt: job.attempts,
        maxAttempts: job.maxAttempts,
        finishIn: async (tx) => {
          await completeJob(tx, job.id);
          finished = true;
        },
      });
      observe(await settle(job, outcome, finished));
    } catch (thrown) {
      const error = asError(thrown);
      const retryable = isRetryable(error);
      const hinted = (error as { retryAfterMs?: unknown }).retryAfterMs;
      const delay = Math.max(backoffMs(job.attempts, backoff, random), typeof hinted === 'number' ? hinted : 0);
      try {
        const state = await failJob(db, job.id, describe(error), retryable ? delay : undefined);
        observe(state === 'failed' ? 'failed' : 'retry');
        const level = state === 'failed' ? 'error' : 'warn';
        log[level](
          { job: job.id, name: job.name as JobName, attempt: job.attempts, state, err: describe(error) },
          'job failed',
        );
      } catch (recordError) {
        log.error({ job: job.id, err: recordError }, 'could not record a job failure (the lease will expire)');
      }
    }
  }

  async function maintain(): Promise<void> {
    const now = Date.now();
    if (now - lastReclaim >= reclaimEveryMs) {
      lastReclaim = now;
      const released = await releaseJobs(db, 'orphaned');
      if (released > 0) log.warn({ released }, 'jobs of a worker that is gone were queued again');
    }
    if (now - lastPrune >= PRUNE_EVERY_MS) {
      lastPrune = now;
      await pruneDoneJobs(db, 24 * 60 * 60_000);
    }
  }

  // Taken before the first claim and again, under the same id, after the connection was lost: a job
  // never runs under an id whose lock other instances see free while this worker lives, except in
  // the gap until the lock is back (they may run those jobs again: at-least-once, docs/jobs.md).
  async function takeLock(open: () => Promise<Session>): Promise<void> {
    for (let tries = 1; ; tries++) {
      const candidate = await open();
      let held = false;
      try {
        held = await holdWorkerLock(candidate, id);
      } finally {
        if (!held) candidate.release();
      }
      if (held) {
        session = candidate;
        void candidate.lost.then((error) => onLost(candidate, error, open));
        return;
      }
      if (tries >= LOCK_ID_TRIES) throw new Error(`no free worker lock after ${tries} ids`);
      id = newId();
    }
  }

  function onLost(lostSession: Session, error: Error, open: () => Promise<Session>): void {
    if (session !== lostSession) return; // released by stop()
    session = undefined;
    lostSession.release();
    if (stopping) return;
    log.error({ err: error, worker: id }, 'job worker lost its database session; other instances may rerun its jobs');
    void (async () => {
      while (!stopping && session === undefined) {
        try {
          await takeLock(open);
          if (stopping) {
            const late = session as Session | undefined; // set by takeLock, which TS does not see
            session = undefined;
            late?.release();
          }
        } catch (retryError) {
          log.warn({ err: retryError }, 'job worker could not take its lock again');
          await new Promise((resolve) => setTimeout(resolve, RECONNECT_EVERY_MS));
        }
      }
    })();
  }

  // The heartbeat: a timer of its own, so a worker whose jobs are all busy (a slow Graph call) still
  // keeps them. It is the only sign of life on PGlite and the last resort on a server, where a stalled
  // event loop would otherwise lose its jobs after one lease: hence the long one there (docs/jobs.md).
  async function beat(): Promise<void> {
    if (running.size === 0) return;
    try {
      await renewLeases(db, id, leaseMs);
    } catch (error) {
      if (!stopping) log.warn({ err: error }, 'job lease renewal failed');
    }
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      // On the embedded engine a statement resolves without touching the event loop, so a loop fed
      // by finishing jobs would never let the poll phase read a request (measured: /healthz silent for
      // seconds while a backlog drained). One macrotask per claim lets HTTP in between.
      await new Promise((resolve) => setImmediate(resolve));
      // Without its lock other instances would take this worker's new jobs for orphans.
      const free = options.session && !session ? 0 : concurrency - running.size;
      let claimed = 0;
      if (free > 0) {
        for (
          let held = 0;
          options.holdWhile?.() && held < (options.maxHoldMs ?? 500) && !stopping;
          held += HOLD_STEP_MS
        ) {
          await new Promise((resolve) => setTimeout(resolve, HOLD_STEP_MS));
        }
        try {
          await maintain();
          const jobs = await claimJobs(db, id, free, leaseMs);
          claimed = jobs.length;
          for (const job of jobs) {
            const p: Promise<void> = runJob(job).finally(() => {
              running.delete(p);
              wake?.();
            });
            running.add(p);
          }
        } catch (error) {
          if (!stopping) log.warn({ err: error }, 'job claim failed');
        }
      }
      if (stopping) break;
      if (claimed === 0 || claimed < free) await sleep(running.size >= concurrency ? pollMs * 4 : pollMs);
    }
  }

  return {
    get id() {
      return id;
    },
    async start() {
      if (options.session) await takeLock(options.session);
      const released = await releaseJobs(db, options.reclaimAtStart);
      if (released > 0) log.warn({ released }, 'jobs interrupted by a previous process were queued again');
      heartbeat = setInterval(() => void beat(), leaseMs / 5);
      heartbeat.unref();
      loopDone = loop();
    },
    nudge() {
      wake?.();
    },
    async stop(timeoutMs = 5_000) {
      stopping = true;
      wake?.();
      await loopDone;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.allSettled([...running]), timeout]);
      clearTimeout(timer);
      clearInterval(heartbeat);
      const released = await releaseJobs(db, { workerId: id });
      if (released > 0) log.warn({ released }, 'running jobs released at shutdown');
      const held = session;
      session = undefined;
      held?.release();
    },
    get running() {
      return running.size;
    },
  };
}
