import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { KeyObject } from 'node:crypto';

/**
 * RSA-OAEP unwrapping on a pool of worker threads, one per core by default.
 *
 * The RSA private-key operation is ~0.75 ms of CPU per Flow request and dominates the endpoint. On
 * the event loop it caps a process at one core; through WebCrypto it runs on libuv's shared pool,
 * whose size is fixed before our code runs and which starved some requests for over a second under
 * load (docs/benchmarks.md). A pool of our own is sized to the machine, answers in order, and
 * leaves the event loop for HTTP.
 */
export interface RsaPool {
  /** The unwrapped bytes, or `null` when they do not decrypt under this key. */
  unwrap(wrapped: Uint8Array): Promise<Buffer | null>;
  readonly threads: number;
  close(): Promise<void>;
}

interface Job {
  readonly resolve: (plain: Buffer | null) => void;
  readonly reject: (error: Error) => void;
}

interface Thread {
  readonly worker: Worker;
  readonly jobs: Map<number, Job>;
}

const WORKER_URL = new URL('./rsa-worker.js', import.meta.url);
const MAX_DEFAULT_THREADS = 8;

/** Starts the pool; the key is handed to each thread as PKCS#8 DER. */
export function createRsaPool(privateKey: KeyObject, threads = defaultThreads()): RsaPool {
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`RSA pool needs at least one thread, got ${threads}`);
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const pool: Thread[] = [];
  let nextId = 0;
  let closed = false;

  const spawn = (slot: number): void => {
    // No execArgv: the worker is plain JavaScript and must not pay for the TypeScript loader.
    const worker = new Worker(WORKER_URL, { workerData: { pkcs8 }, execArgv: [] });
    const thread: Thread = { worker, jobs: new Map() };
    // An idle pool must not keep a CLI or a test process alive; a thread with work holds it.
    worker.unref();
    worker.on('message', (message: { id: number; plain: Uint8Array | null }) => {
      const job = thread.jobs.get(message.id);
      if (!job) return;
      thread.jobs.delete(message.id);
      if (thread.jobs.size === 0) worker.unref();
      job.resolve(
        message.plain ? Buffer.from(message.plain.buffer, message.plain.byteOffset, message.plain.byteLength) : null,
      );
    });
    const fail = (error: Error) => {
      for (const job of thread.jobs.values()) job.reject(error);
      thread.jobs.clear();
      if (!closed && pool[slot] === thread) spawn(slot);
    };
    worker.on('error', (error) => fail(new Error('an RSA worker thread failed', { cause: error })));
    worker.on('exit', (code) => fail(new Error(`an RSA worker thread exited (${code})`)));
    pool[slot] = thread;
  };
  for (let slot = 0; slot < threads; slot++) spawn(slot);

  return {
    threads,
    unwrap(wrapped) {
      if (closed) return Promise.reject(new Error('the RSA pool is closed'));
      let thread = pool[0]!;
      for (const candidate of pool) if (candidate.jobs.size < thread.jobs.size) thread = candidate;
      const id = nextId++;
      return new Promise<Buffer | null>((resolve, reject) => {
        if (thread.jobs.size === 0) thread.worker.ref();
        thread.jobs.set(id, { resolve, reject });
        thread.worker.postMessage({ id, wrapped });
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(pool.map((thread) => thread.worker.terminate()));
    },
  };
}

function defaultThreads(): number {
  return Math.min(MAX_DEFAULT_THREADS, Math.max(1, availableParallelism()));
}
