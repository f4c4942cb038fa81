import { z } from 'zod';
import data from './meta-languages.json' with { type: 'json' };

/**
 * Meta's list of template languages (`meta-languages.json`): where it was read, when, and every
 * code with Meta's English name. The file is checked here, once, when the module is first imported;
 * a malformed list is a programming error and fails at start-up with every problem named.
 */

const isoDate = z.iso.date();

const entry = z.strictObject({
  /** Meta's code: lower-case language, then `_` and an upper-case region (`pt_BR`, `prs_AF`). */
  code: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'a Meta code such as en, fil or pt_BR'),
  /** Meta's English name; null only for codes known from docs/protocol.md §11.5 alone (see `about`). */
  name: z.string().min(1).nullable(),
  /** Where the row was read: the current page, Meta's earlier reference, or docs/protocol.md §11.5. */
  from: z.enum(['current', 'earlier', 'spec']),
});

const file = z
  .strictObject({
    about: z.array(z.string().min(1)).min(1),
    source: z.strictObject({
      title: z.string().min(1),
      url: z.url(),
      /** The page's own "Updated:" date. */
      updated: isoDate,
      /** When flowbook read the stored copy of the page. */
      consulted: isoDate,
      earlierTitle: z.string().min(1),
      earlierUrl: z.url(),
      spec: z.string().min(1),
    }),
    languages: z.array(entry).min(1),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.languages.forEach((language, index) => {
      if (seen.has(language.code))
        ctx.addIssue({ code: 'custom', path: ['languages', index, 'code'], message: `${language.code} twice` });
      seen.add(language.code);
      if (language.name === null && language.from !== 'spec')
        ctx.addIssue({ code: 'custom', path: ['languages', index, 'name'], message: 'a row read at Meta has a name' });
    });
  });

export type MetaLanguage = Readonly<z.infer<typeof entry>>;
export type MetaLanguageSource = Readonly<z.infer<typeof file>['source']>;

/** Parses the list; throws with every problem when it is not a valid Meta language list. */
export function parseMetaLanguages(raw: unknown): { source: MetaLanguageSource; languages: readonly MetaLanguage[] } {
  const parsed = file.safeParse(raw);
  if (!parsed.success)
    throw new Error(`meta-languages.json is not a valid language list: ${z.prettifyError(parsed.error)}`);
  return {
    source: Object.freeze(parsed.data.source),
    languages: Object.freeze(parsed.data.languages.map((language) => Object.freeze(language))),
  };
}

const list = parseMetaLanguages(data);

/** Where Meta's list was read and when (`meta-languages.json`). */
export const META_LANGUAGE_SOURCE: MetaLanguageSource = list.source;

/** Every template language Meta supports, in the order of Meta's page. */
export const META_LANGUAGES: readonly MetaLanguage[] = list.languages;
