/** Placeholders in template text: `{{1}}`, `{{2}}`, … or `{{snake_case}}` (docs/protocol.md §8). */
const TOKEN = /\{\{([^{}]*)\}\}/g;
const POSITIONAL = /^[1-9]\d*$/;
const NAMED = /^[a-z][a-z0-9_]*$/;

export interface PlaceholderScan {
  /** The keys in order of appearance (`"1"`, `"customer_name"`), repeats included. */
  readonly keys: readonly string[];
  /** Tokens that are neither form, and stray braces. */
  readonly malformed: readonly string[];
}

/** Finds the placeholders of a text and anything that looks like a broken one. */
export function scanPlaceholders(text: string): PlaceholderScan {
  const keys: string[] = [];
  const malformed: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const key = match[1] ?? '';
    if (POSITIONAL.test(key) || NAMED.test(key)) keys.push(key);
    else malformed.push(match[0]);
  }
  const rest = text.replace(TOKEN, '');
  if (rest.includes('{{') || rest.includes('}}')) malformed.push('unbalanced "{{" or "}}"');
  return { keys, malformed };
}

/** True for `1`, `2`, …; false for named keys. */
export function isPositionalKey(key: string): boolean {
  return POSITIONAL.test(key);
}

/** The distinct keys of a text, sorted (numbers numerically) so two languages can be compared. */
export function distinctKeys(text: string): string[] {
  return [...new Set(scanPlaceholders(text).keys)].sort((a, b) =>
    isPositionalKey(a) && isPositionalKey(b) ? Number(a) - Number(b) : a.localeCompare(b),
  );
}

/** Replaces every well-formed placeholder with its value; `valueAt` is called per occurrence. */
export function fillPlaceholders(text: string, valueAt: (key: string) => string): string {
  return text.replace(TOKEN, (token, key: string) => (POSITIONAL.test(key) || NAMED.test(key) ? valueAt(key) : token));
}
