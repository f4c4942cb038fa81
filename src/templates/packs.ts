import { StructureUnavailableError } from './errors.ts';
import { languageHint } from './languages.ts';
import type { LanguagePack, TemplateElement, TemplateRegistry } from './schema.ts';

/**
 * Where language packs come from, as the WhatsApp client sees it (docs/protocol.md §8): a local cache and
 * the server. Injected so seed 003's decision table (docs/protocol.md §8) can be exercised with stale or empty caches.
 */
export interface PackSource {
  /** The pack held locally, if any. */
  cached(language: string): LanguagePack | undefined;
  /** The server's current pack (refreshing the local copy), or undefined when it has none. */
  fetch(language: string): LanguagePack | undefined;
  /** Languages in which `template` exists on the server, for error messages. */
  languagesOf(template: string): readonly string[];
}

/** What happened while resolving, in order; tests assert on it. */
export type ResolutionStep = 'cache_hit' | 'cache_miss' | 'fetched' | 'element_found' | 'element_missing' | 'refreshed';

export interface Resolution {
  readonly element: TemplateElement;
  readonly steps: readonly ResolutionStep[];
}

/**
 * A source whose server is `registry`. With a `cache` map it behaves like a device: packs are
 * read from the cache first and stored there when fetched; without one every lookup fetches.
 */
export function packSource(registry: TemplateRegistry, cache?: Map<string, LanguagePack>): PackSource {
  return {
    cached: (language) => cache?.get(language),
    fetch: (language) => {
      const pack = registry.packs.get(language);
      if (cache) {
        if (pack) cache.set(language, pack);
        else cache.delete(language);
      }
      return pack;
    },
    languagesOf: (template) => Object.keys(registry.templates.get(template)?.languages ?? {}).sort(),
  };
}

/**
 * The deterministic policy's resolution (docs/protocol.md §8, seed 003): the pack for exactly `language`
 * from cache, else from the server, else `structure_unavailable`; then the element, and when it
 * is missing from a cached pack, one refresh and one retry before `structure_unavailable`.
 * No other language is ever tried: the device's own settings are ignored.
 */
export function resolveElement(source: PackSource, template: string, language: string): Resolution {
  const steps: ResolutionStep[] = [];
  const unavailable = (reason: 'pack_missing' | 'element_missing') =>
    new StructureUnavailableError(reason, template, language, source.languagesOf(template), languageHint(language));
  let pack = source.cached(language);
  const fromCache = pack !== undefined;
  if (pack) steps.push('cache_hit');
  else {
    steps.push('cache_miss');
    pack = source.fetch(language);
    if (!pack) throw unavailable('pack_missing');
    steps.push('fetched');
  }
  let element = pack.elements.get(template);
  if (!element && fromCache) {
    steps.push('element_missing');
    pack = source.fetch(language);
    if (!pack) throw unavailable('pack_missing');
    steps.push('refreshed');
    element = pack.elements.get(template);
  }
  if (!element) throw unavailable('element_missing');
  steps.push('element_found');
  return { element, steps };
}
