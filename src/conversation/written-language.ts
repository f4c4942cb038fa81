/**
 * The language a customer's free text is written in, by a language-identification library (tinyld:
 * pure JavaScript, no native code, its n-gram tables ship in the package, so nothing is fetched at run
 * time), asked to choose only among the languages we can answer in. Measured here on Node 20: about
 * 0.07 ms a message; loading the tables takes ~0.3 s once, at start.
 *
 * Short texts are where such libraries guess: tinyld calls "hallo" Spanish and "olá" Turkish, with a
 * low score. Below {@link MIN_LETTERS} letters or {@link MIN_SCORE} the text says nothing and the caller
 * keeps the customer's stored language.
 */
import { detectAll } from 'tinyld';

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
export function writtenLanguage(text: string, candidates: readonly string[]): string | undefined {
  const letters = lettersOf(text);
  if ([...letters.replace(/\s/g, '')].length < MIN_LETTERS || candidates.length === 0) return undefined;
  const [best] = detectAll(letters, { only: [...candidates] });
  return best && best.accuracy >= MIN_SCORE && candidates.includes(best.lang) ? best.lang : undefined;
}
