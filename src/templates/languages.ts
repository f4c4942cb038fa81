import { META_LANGUAGE_SOURCE, META_LANGUAGES } from './meta-languages.ts';

/** A code Meta accepts in `template.language.code` (checked by `isSupportedLanguage`). */
export type LanguageCode = string & { readonly metaLanguage: unique symbol };

/**
 * The language codes Meta accepts in `template.language.code`: Meta's list (`meta-languages.json`,
 * docs/templates.md), regional codes included; case-sensitive, with an underscore before the region.
 */
export const SUPPORTED_LANGUAGES: readonly LanguageCode[] = Object.freeze(
  META_LANGUAGES.map((language) => language.code as LanguageCode),
);

const SUPPORTED: ReadonlySet<string> = new Set(SUPPORTED_LANGUAGES);
const NAMES: ReadonlyMap<string, string | null> = new Map(META_LANGUAGES.map((l) => [l.code, l.name]));

/** True when `code` is exactly one of Meta's codes (case and underscore matter). */
export function isSupportedLanguage(code: string): code is LanguageCode {
  return SUPPORTED.has(code);
}

/** Old or alternative codes people reach for, and Meta's code for the same language. */
const ALIASES: Readonly<Record<string, string>> = {
  iw: 'he',
  in: 'id',
  tl: 'fil',
  no: 'nb',
  nn: 'nb',
  jw: 'id',
  // CLDR writes Dari as fa_AF; Meta uses the ISO 639-3 code prs.
  fa_af: 'prs_AF',
};

const BY_FOLDED = new Map(SUPPORTED_LANGUAGES.map((c) => [fold(c), c]));

function fold(code: string): string {
  return code.trim().replace(/-/g, '_').toLowerCase();
}

function baseOf(code: string): string {
  return code.split('_')[0] ?? code;
}

/** `pt_BR (Portuguese (BR))`, or the bare code when Meta's name is not known. */
function described(code: string): string {
  const name = NAMES.get(code);
  return name ? `${code} (${name})` : code;
}

function either(codes: readonly string[]): string {
  const shown = codes.map(described);
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}` : (shown[0] ?? '');
}

/** Meta's codes for one language: the plain code first, then the regional ones (`ar`, `ar_EG`, …). */
function family(base: string): LanguageCode[] {
  return SUPPORTED_LANGUAGES.filter((c) => baseOf(c).toLowerCase() === base);
}

/**
 * Why `code` is refused and what to use instead, naming Meta's list; undefined when Meta supports
 * the code. `ar_AR` is Facebook's own locale for Arabic, and seed 003 puts it on its English (US)
 * row (docs/templates.md), so both readings are offered.
 */
export function languageHint(code: string): string | undefined {
  if (isSupportedLanguage(code)) return undefined;
  const refused = `"${code}" is not a language Meta supports for templates`;
  const folded = fold(code);
  if (folded === 'ar_ar') {
    return `${refused} (ar_AR is Facebook's locale for Arabic, not a template code); did you mean ${either(family('ar'))}? For English (US), Meta's code is en_US`;
  }
  const exact = BY_FOLDED.get(folded);
  if (exact) return `${refused}: codes are case-sensitive, with an underscore; did you mean ${described(exact)}?`;
  const base = baseOf(folded);
  const alias = ALIASES[folded] ?? ALIASES[base];
  if (alias) return `${refused}; did you mean ${described(alias)}?`;
  const same = family(base);
  if (same.length > 0) return `${refused}; did you mean ${either(same)}?`;
  return `${refused} (Meta's list: ${META_LANGUAGE_SOURCE.url})`;
}

/** Arabic, Dari, Persian, Hebrew and Urdu are written right to left. */
const RTL: ReadonlySet<string> = new Set(['ar', 'prs', 'fa', 'he', 'ur']);

/** Writing direction of the language's script: right-to-left for Arabic, Dari, Persian, Hebrew and Urdu. */
export function textDirection(code: string): 'rtl' | 'ltr' {
  return RTL.has(baseOf(code)) ? 'rtl' : 'ltr';
}

/**
 * Locale for `Intl` per Meta code where the code with a hyphen is not enough.
 * - Regional Arabic digits are CLDR's default numbering system for the region, as this Node's ICU
 *   reports it (ICU 78.2, CLDR 48): Latin (`latn`) for ar-AE and ar-MA, Arabic-Indic (`arab`) for
 *   ar-EG, ar-LB and ar-QA. They are pinned so another ICU cannot change them silently;
 *   test/templates/languages.test.ts compares the pins with ICU's defaults.
 * - Plain `ar` keeps Arabic-Indic digits although CLDR 48's default for `ar` is Latin: customers in
 *   the Gulf and Egypt read ١٢ rather than 12.
 * - Dari is CLDR's fa-AF (ICU resolves prs-AF to it too): Persian digits, Afghan month names.
 */
const INTL_LOCALE_OVERRIDES: Readonly<Record<string, string>> = {
  ar: 'ar-u-nu-arab',
  ar_AE: 'ar-AE-u-nu-latn',
  ar_EG: 'ar-EG-u-nu-arab',
  ar_LB: 'ar-LB-u-nu-arab',
  ar_MA: 'ar-MA-u-nu-latn',
  ar_QA: 'ar-QA-u-nu-arab',
  prs_AF: 'fa-AF',
};

/** The BCP-47 locale `Intl` should use for a Meta language code (`pt_BR` → `pt-BR`). */
export function intlLocale(code: string): string {
  return INTL_LOCALE_OVERRIDES[code] ?? code.replace(/_/g, '-');
}

/** `intlLocale` for every supported code, as a table. */
export const INTL_LOCALES: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(SUPPORTED_LANGUAGES.map((code) => [code, intlLocale(code)])),
);
