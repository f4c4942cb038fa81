import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { CatalogError } from '../errors.ts';
import { catalogSchema, type Catalog, type Text } from './schema.ts';

/** The demo catalog that ships with flowbook: Meta's sample departments and London locations (docs/protocol.md §3). */
export const DEMO_CATALOG_PATH = fileURLToPath(new URL('../../catalog/demo.yaml', import.meta.url));

/** A catalog's problems, each with the path of its field (`locations.0.hours.mon.0`, `(root)` for the whole). */
export function catalogProblems(
  raw: unknown,
): { catalog: Catalog } | { problems: Array<{ path: string; message: string }> } {
  const result = catalogSchema.safeParse(raw);
  if (result.success) return { catalog: deepFreeze(result.data) };
  return {
    problems: result.error.issues.map((issue) => ({
      path: issue.path.length ? issue.path.join('.') : '(root)',
      message: issue.message,
    })),
  };
}

/** Validates an already-parsed catalog object; every problem names its path and the rule. */
export function parseCatalog(raw: unknown, source = 'catalog'): Catalog {
  const checked = catalogProblems(raw);
  if ('problems' in checked) {
    throw new CatalogError(
      source,
      checked.problems.map((p) => `${p.path}: ${p.message}`),
    );
  }
  return checked.catalog;
}

/** Reads a catalog file (`.json`, `.yaml` or `.yml`) and validates it. */
export function loadCatalog(file: string = DEMO_CATALOG_PATH): Catalog {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CatalogError(file, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  let raw: unknown;
  try {
    raw = path.extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new CatalogError(file, [
      `not valid ${path.extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
    ]);
  }
  return parseCatalog(raw, file);
}

/**
 * Picks the text for a language: the exact code, then its base language (`pt` for `pt_BR`),
 * then `default`, then `en_US`/`en`, then the first one given.
 */
export function localize(text: Text, language: string): string {
  if (typeof text === 'string') return text;
  const base = language.split('_')[0] ?? language;
  return text[language] ?? text[base] ?? text.default ?? text.en_US ?? text.en ?? (Object.values(text)[0] as string);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
