/**
 * The language a customer's free text is written in, by a language-identification library (tinyld:
 * pure JavaScript, no native code, its n-gram tables ship in the package, so nothing is fetched at run
 * time), asked to choose only among the languages we can answer in. Measured here on Node 20: about
 * 0.07 ms a message; loading the tables takes ~0.3 s once. The tables are large: loaded in the server's
 * own heap they cost the Flow endpoint about a tenth of its throughput (npm run bench, garbage collection),
 * so they live in one worker thread (`language-worker.js`), started on the first free text.
 *
 * Short texts are where such libraries guess: tinyld calls "hallo" Spanish and "olá" Turkish, with a
 * low score. Below {@link MIN_LETTERS} letters or {@link MIN_SCORE} the text says nothing and the caller
 * keeps the customer's stored language.
 */
import { Worker } from 'node:worker_threads';

const WORKER_URL = new URL('./language-worker.js', import.meta.url);

interface Guess {
  readonly lang: string;
  readonly accuracy: number;
}

/** The one identification thread, unref'd while idle; a thread that fails is replaced on the next call. */
let thread:
  | { readonly worker: Worker; readonly pending: Map<number, (best: Guess | null) => void>; next: number }
  | undefined;

function identify(text: string, only: readonly string[]): Promise<Guess | null> {
  if (!thread) {
    const worker = new Worker(WORKER_URL, { execArgv: [] });
    worker.unref();
    const t = { worker, pending: new Map<number, (best: Guess | null) => void>(), next: 0 };
    const fail = () => {
      // What was asked gets no guess: the caller keeps the customer's stored language.
      for (const resolve of t.pending.values()) resolve(null);
      t.pending.clear();
      if (thread === t) thread = undefined;
    };
    worker.on('message', (answer: { id: number; best: Guess | null }) => {
      t.pending.get(answer.id)?.(answer.best);
      t.pending.delete(answer.id);
      if (t.pending.size === 0) worker.unref();
    });
    worker.on('error', fail);
    worker.on('exit', fail);
    thread = t;
  }
  const t = thread;
  const id = t.next++;
  t.worker.ref();
  return new Promise((resolve) => {
    t.pending.set(id, resolve);
    t.worker.postMessage({ id, text, only: [...only] });
  });
}

/** tinyld's score for its best guess; measured: sentences of 3+ words score 0.6–1, lone short words below 0.35. */
const MIN_SCORE = 0.5;
const MIN_LETTERS = 4;

/** What the text is made of once links, numbers, emoji and punctuation are gone. */
function lettersOf(text: string): string {
  return text
    .replace(/https?:\/\/\S+/giu, ' ')
    .replace(/[^\p{L}\p{M}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The base language (`en`, `ar`, …) among `candidates` that `text` is written in, or undefined when the
 * text is too short or too ambiguous to tell.
 */
export async function writtenLanguage(text: string, candidates: readonly string[]): Promise<string | undefined> {
  const letters = lettersOf(text);
  if ([...letters.replace(/\s/g, '')].length < MIN_LETTERS || candidates.length === 0) return undefined;
  const best = await identify(letters, candidates);
  return best && best.accuracy >= MIN_SCORE && candidates.includes(best.lang) ? best.lang : undefined;
}
