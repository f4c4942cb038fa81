import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildRegistry,
  packSource,
  renderTemplate,
  resolveElement,
  StructureUnavailableError,
  type LanguagePack,
  type PackSource,
  type TemplateDefinition,
} from '../../src/templates/index.ts';

function template(name: string, languages: string[]): TemplateDefinition {
  return {
    name,
    category: 'UTILITY',
    parameterFormat: 'positional',
    parameters: [],
    languages: Object.fromEntries(languages.map((l) => [l, { body: `${name} in ${l}`, buttons: [] }])),
    file: `${name}.yaml`,
  };
}

/** A device: `cache` is what it holds, the registry is the server; fetches are counted. */
function device(server: ReturnType<typeof buildRegistry>, cache: Map<string, LanguagePack>) {
  const inner = packSource(server, cache);
  const fetches: string[] = [];
  const source: PackSource = {
    ...inner,
    fetch: (l) => {
      fetches.push(l);
      return inner.fetch(l);
    },
  };
  return { source, fetches };
}

const oldServer = buildRegistry([template('hello_world', ['en', 'ar'])]);
const server = buildRegistry([template('hello_world', ['en', 'ar']), template('purchase_with_credit_card', ['en'])]);

describe('deterministic policy decision table (seed 003, docs/protocol.md §8)', () => {
  it('pack cached, element present: no fetch', () => {
    const cache = new Map([['en', server.packs.get('en') as LanguagePack]]);
    const { source, fetches } = device(server, cache);
    const r = resolveElement(source, 'hello_world', 'en');
    assert.deepEqual(r.steps, ['cache_hit', 'element_found']);
    assert.deepEqual(fetches, []);
  });

  it('pack not cached, found on the server: fetched, cached, element present', () => {
    const cache = new Map<string, LanguagePack>();
    const { source, fetches } = device(server, cache);
    const r = resolveElement(source, 'purchase_with_credit_card', 'en');
    assert.deepEqual(r.steps, ['cache_miss', 'fetched', 'element_found']);
    assert.deepEqual(fetches, ['en']);
    assert.ok(cache.has('en'));
  });

  it('pack missing on the server: structure_unavailable naming the languages that exist', () => {
    const { source, fetches } = device(server, new Map());
    assert.throws(
      () => resolveElement(source, 'hello_world', 'fr'),
      (e: unknown) =>
        e instanceof StructureUnavailableError &&
        e.code === 'FB_TEMPLATE_STRUCTURE_UNAVAILABLE' &&
        e.cloudCode === 132001 &&
        e.reason === 'pack_missing' &&
        e.availableLanguages.join(',') === 'ar,en' &&
        /no language pack "fr"/.test(e.message),
    );
    assert.deepEqual(fetches, ['fr']);
  });

  it('stale cached pack without the element: refreshed once, then found', () => {
    const cache = new Map([['en', oldServer.packs.get('en') as LanguagePack]]);
    const { source, fetches } = device(server, cache);
    const r = resolveElement(source, 'purchase_with_credit_card', 'en');
    assert.deepEqual(r.steps, ['cache_hit', 'element_missing', 'refreshed', 'element_found']);
    assert.deepEqual(fetches, ['en']);
  });

  it('cached pack without the element, still missing after the refresh: structure_unavailable', () => {
    const cache = new Map([['ar', server.packs.get('ar') as LanguagePack]]);
    const { source, fetches } = device(server, cache);
    assert.throws(
      () => resolveElement(source, 'purchase_with_credit_card', 'ar'),
      (e: unknown) =>
        e instanceof StructureUnavailableError &&
        e.reason === 'element_missing' &&
        e.availableLanguages.join() === 'en',
    );
    assert.deepEqual(fetches, ['ar'], 'exactly one refresh');
  });

  it('freshly fetched pack without the element: structure_unavailable without a second fetch', () => {
    const { source, fetches } = device(server, new Map());
    assert.throws(() => resolveElement(source, 'purchase_with_credit_card', 'ar'), StructureUnavailableError);
    assert.deepEqual(fetches, ['ar']);
  });

  it('never falls back to another language: en_US is not en', () => {
    assert.throws(
      () => renderTemplate(server, { name: 'hello_world', language: 'en_US', parameters: [] }),
      StructureUnavailableError,
    );
  });

  it('an unsupported code gets the hint in the error', () => {
    assert.throws(
      () => renderTemplate(server, { name: 'hello_world', language: 'ar_AR', parameters: [] }),
      (e: unknown) =>
        e instanceof StructureUnavailableError &&
        /\("ar_AR" is not a language Meta supports for templates .*en_US/.test(e.message),
    );
  });
});
