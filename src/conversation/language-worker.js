// @ts-check
// The language-identification thread (src/conversation/written-language.ts): tinyld's n-gram tables live in
// this thread's heap, not the server's, where their size slowed every request's garbage collection.
// Plain JavaScript so that the thread starts without the TypeScript loader.
import { parentPort } from 'node:worker_threads';
import { detectAll } from 'tinyld';

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

port.on('message', (/** @type {{ id: number, text: string, only: string[] }} */ job) => {
  try {
    const [best] = detectAll(job.text, { only: job.only });
    port.postMessage({ id: job.id, best: best ?? null });
  } catch {
    port.postMessage({ id: job.id, best: null });
  }
});
