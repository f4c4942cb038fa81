import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  CALLING_CODE_LANGUAGES,
  chooseLanguage,
  formatDateTimeComponents,
  INTL_LOCALES,
  intlLocale,
  isSupportedLanguage,
  languageForPhone,
  languageHint,
  META_LANGUAGE_SOURCE,
  META_LANGUAGES,
  parseMetaLanguages,
  SUPPORTED_LANGUAGES,
  textDirection,
} from '../../src/templates/index.ts';

/** The 71 codes of docs/protocol.md §8 (Meta's earlier list). */
const PROTOCOL_71 =
  'af sq ar az bn bg ca zh_CN zh_HK zh_TW hr cs da nl en en_GB en_US et fil fi fr ka de el gu ha he hi hu id ga it ja kn kk rw_RW ko ky_KG lo lv lt mk ms ml mr nb fa pl pt_BR pt_PT pa ro ru sr sk sl es es_AR es_ES es_MX sw sv ta te th tr uk ur uz vi zu'.split(
    ' ',
  );

const rawList = (): { source: Record<string, unknown>; languages: Array<Record<string, unknown>> } =>
  JSON.parse(readFileSync(new URL('../../src/templates/meta-languages.json', import.meta.url), 'utf8'));

describe("Meta's template languages (src/templates/meta-languages.json)", () => {
  it('the data file parses and names its source page and dates', () => {
    assert.match(
      META_LANGUAGE_SOURCE.url,
      /^https:\/\/developers\.facebook\.com\/.*\/templates\/supported-languages\/$/,
    );
    assert.match(META_LANGUAGE_SOURCE.title, /Supported Languages/);
    assert.equal(META_LANGUAGE_SOURCE.updated, '2026-05-21');
    assert.match(META_LANGUAGE_SOURCE.consulted, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(META_LANGUAGES.length, 104);
    assert.deepEqual(
      SUPPORTED_LANGUAGES,
      META_LANGUAGES.map((l) => l.code),
    );
    assert.equal(new Set(SUPPORTED_LANGUAGES).size, 104);
    assert.deepEqual(
      PROTOCOL_71.filter((c) => !isSupportedLanguage(c)),
      [],
    );
    assert.equal(META_LANGUAGES.find((l) => l.code === 'prs_AF')?.name, 'Dari');
    assert.deepEqual(
      META_LANGUAGES.filter((l) => l.name === null).map((l) => l.code),
      ['es_CL', 'es_CO', 'es_PE', 'es_VE'],
    );
  });

  it('the loader refuses a list without its source, with a bad or repeated code, or a nameless Meta row', () => {
    const { source: _, ...noSource } = rawList();
    assert.throws(() => parseMetaLanguages(noSource), /source/);
    const hyphen = rawList();
    hyphen.languages.push({ code: 'en-NG', name: 'English (NGA)', from: 'current' });
    assert.throws(() => parseMetaLanguages(hyphen), /a Meta code/);
    const twice = rawList();
    twice.languages.push({ code: 'pt_BR', name: 'Portuguese (BR)', from: 'current' });
    assert.throws(() => parseMetaLanguages(twice), /pt_BR twice/);
    const nameless = rawList();
    nameless.languages.push({ code: 'en_NG', name: null, from: 'current' });
    assert.throws(() => parseMetaLanguages(nameless), /has a name/);
    assert.equal(parseMetaLanguages(rawList()).languages.length, 104);
  });

  it('regional codes on Meta’s page are accepted; near misses are refused, exact and case-sensitive', () => {
    const regional = ['ar_EG', 'ar_AE', 'ar_MA', 'ar_LB', 'ar_QA', 'prs_AF', 'be_BY', 'bn_IN', 'nl_BE'];
    regional.push('en_AU', 'en_IN', 'en_CA', 'en_ZA', 'fr_CA', 'fr_CI', 'de_AT', 'de_CH', 'es_CO', 'es_CL', 'pt_PT');
    regional.push('zh_HK');
    for (const code of regional) assert.ok(isSupportedLanguage(code), code);
    for (const code of ['ar_AR', 'en-US', 'en_us', 'EN_US', 'pt', 'zh', 'ar_SA', 'fa_AF', 'no', 'tl', ''])
      assert.ok(!isSupportedLanguage(code), code);
  });

  it('refusals name Meta, never the seed, and say what to use', () => {
    const hint = (code: string) => languageHint(code) ?? '';
    for (const code of ['ar_AR', 'en-US', 'pt', 'zh', 'iw', 'fa_AF', 'ar_SA', 'xx', '']) {
      assert.match(hint(code), /is not a language Meta supports for templates/, code);
      assert.doesNotMatch(hint(code), /seed/i, code);
    }
    assert.match(hint('ar_AR'), /^"ar_AR" is not a language Meta supports for templates/);
    assert.match(
      hint('ar_AR'),
      /did you mean ar \(Arabic\), ar_EG \(Arabic \(EGY\)\), .* or ar_QA .*\? For English \(US\), Meta's code is en_US$/,
    );
    assert.match(hint('pt'), /did you mean pt_BR \(Portuguese \(BR\)\) or pt_PT \(Portuguese \(POR\)\)\?$/);
    assert.match(hint('zh'), /zh_CN .*, zh_HK .* or zh_TW/);
    assert.match(hint('en-US'), /case-sensitive, with an underscore; did you mean en_US/);
    assert.match(hint('PT-br'), /did you mean pt_BR/);
    assert.match(hint('iw'), /did you mean he \(Hebrew\)/);
    assert.match(hint('tl'), /did you mean fil/);
    assert.match(hint('fa_AF'), /did you mean prs_AF \(Dari\)/);
    assert.match(hint('es_UY'), /es_CL, es_CO, es_PE or es_VE/);
    assert.match(hint('xx'), /Meta's list: https:\/\/developers\.facebook\.com\//);
    assert.equal(languageHint('en_US'), undefined);
    assert.equal(languageHint('ar_EG'), undefined);
  });

  it("seed 003's 68 codes: one is not Meta's (ar_AR), and four of §8's 71 are missing", () => {
    const seed = (
      JSON.parse(readFileSync(new URL('./seed-003-languages.json', import.meta.url), 'utf8')) as {
        languages: Array<{ code: string }>;
      }
    ).languages.map((l) => l.code);
    assert.equal(seed.length, 68);
    assert.equal(new Set(seed).size, 68);
    assert.deepEqual(
      seed.filter((c) => !isSupportedLanguage(c)),
      ['ar_AR'],
    );
    assert.deepEqual(
      PROTOCOL_71.filter((c) => !seed.includes(c)),
      ['en_US', 'ka', 'rw_RW', 'ky_KG'],
    );
  });

  it('direction: right-to-left for Arabic (every region), Dari, Persian, Hebrew and Urdu', () => {
    assert.deepEqual(
      SUPPORTED_LANGUAGES.filter((c) => textDirection(c) === 'rtl'),
      ['ar', 'ar_EG', 'ar_AE', 'ar_LB', 'ar_MA', 'ar_QA', 'prs_AF', 'he', 'fa', 'ur'],
    );
  });
});

describe('Intl locales and digits', () => {
  it('BCP-47 with a hyphen; Dari is fa-AF; every code is known to Intl', () => {
    assert.equal(intlLocale('pt_BR'), 'pt-BR');
    assert.equal(intlLocale('fil'), 'fil');
    assert.equal(intlLocale('zh_HK'), 'zh-HK');
    assert.equal(intlLocale('prs_AF'), 'fa-AF');
    assert.equal(INTL_LOCALES.ar, 'ar-u-nu-arab');
    for (const code of SUPPORTED_LANGUAGES) {
      const locale = INTL_LOCALES[code] ?? '';
      const resolved = new Intl.DateTimeFormat(locale).resolvedOptions().locale;
      assert.equal(resolved.split('-')[0], locale.split('-')[0], `${code} → ${resolved}`);
    }
  });

  it("regional Arabic digits are CLDR's defaults for the region (checked against ICU from CLDR 48 on)", (t) => {
    const pinned = { ar_AE: 'latn', ar_MA: 'latn', ar_EG: 'arab', ar_LB: 'arab', ar_QA: 'arab' };
    for (const [code, system] of Object.entries(pinned)) {
      assert.equal(intlLocale(code), `${code.replace('_', '-')}-u-nu-${system}`, `${code} is pinned, whatever the ICU`);
      assert.equal(new Intl.NumberFormat(intlLocale(code)).resolvedOptions().numberingSystem, system, code);
    }
    if (Number.parseFloat(process.versions.cldr ?? '0') < 48) {
      t.diagnostic(`CLDR ${process.versions.cldr}: the pins are not compared with this ICU's defaults`);
      return;
    }
    for (const [code, system] of Object.entries(pinned)) {
      const icu = new Intl.NumberFormat(code.replace('_', '-')).resolvedOptions().numberingSystem;
      assert.equal(icu, system, `${code}: ICU's default is ${icu}`);
    }
  });

  it('a rendered date has Latin digits for ar_MA and ar_AE, Arabic-Indic for ar_EG and ar', () => {
    const date = { year: 2026, month: 5, day_of_month: 21, hour: 10, minute: 30 };
    for (const code of ['ar_MA', 'ar_AE']) {
      const text = formatDateTimeComponents(code, date) ?? '';
      assert.match(text, /2026/, `${code}: ${text}`);
      assert.match(text, /10:30/, `${code}: ${text}`);
      assert.doesNotMatch(text, /[٠-٩۰-۹]/, `${code}: ${text}`);
    }
    for (const code of ['ar_EG', 'ar']) {
      const text = formatDateTimeComponents(code, date) ?? '';
      assert.match(text, /٢٠٢٦/, `${code}: ${text}`);
      assert.doesNotMatch(text, /[0-9]/, `${code}: ${text}`);
    }
  });
});

describe('choosing the customer language', () => {
  const available = ['en_US', 'en_GB', 'ar', 'fa', 'es', 'fr', 'pt_BR', 'de', 'tr', 'hi'];

  it('calling codes map to supported codes', () => {
    for (const [prefix, code] of Object.entries(CALLING_CODE_LANGUAGES))
      assert.ok(isSupportedLanguage(code), `${prefix} → ${code}`);
    assert.equal(languageForPhone('+44 7700 900123'), 'en_GB');
    assert.equal(languageForPhone('15551234567'), 'en_US');
    assert.equal(languageForPhone('+966501234567'), 'ar');
    assert.equal(languageForPhone('00989121234567'), 'fa');
    assert.equal(languageForPhone('+351912345678'), 'pt_PT', '351 before 35/3');
    assert.equal(languageForPhone('+525512345678'), 'es_MX');
    assert.equal(languageForPhone('not a phone'), undefined);
  });

  it("regional defaults where Meta has the country's variant", () => {
    assert.equal(languageForPhone('+93701234567'), 'prs_AF');
    assert.equal(languageForPhone('+201001234567'), 'ar_EG');
    assert.equal(languageForPhone('+212612345678'), 'ar_MA');
    assert.equal(languageForPhone('+971501234567'), 'ar_AE');
    assert.equal(languageForPhone('+97433123456'), 'ar_QA');
    assert.equal(languageForPhone('+61412345678'), 'en_AU');
    assert.equal(languageForPhone('+436641234567'), 'de_AT');
    assert.equal(languageForPhone('+2250701234567'), 'fr_CI');
    assert.equal(languageForPhone('+573001234567'), 'es_CO');
    assert.equal(languageForPhone('+919812345678'), 'hi', 'India keeps Hindi, not en_IN');
  });

  it('explicit choice wins, then keyword, then calling code, then the default', () => {
    const phone = '+4915112345678';
    assert.deepEqual(chooseLanguage({ explicit: 'fr', keyword: 'ar', phone, businessDefault: 'en_US', available }), {
      code: 'fr',
      source: 'explicit',
      wanted: 'fr',
    });
    assert.deepEqual(chooseLanguage({ keyword: 'ar', phone, businessDefault: 'en_US', available }), {
      code: 'ar',
      source: 'keyword',
      wanted: 'ar',
    });
    assert.deepEqual(chooseLanguage({ phone, businessDefault: 'en_US', available }), {
      code: 'de',
      source: 'calling_code',
      wanted: 'de',
    });
    assert.deepEqual(chooseLanguage({ businessDefault: 'en_US', available }), {
      code: 'en_US',
      source: 'default',
      wanted: 'en_US',
    });
  });

  it('a wish is met by the base language or a sibling, and skipped when nothing fits', () => {
    assert.deepEqual(chooseLanguage({ phone: '+525512345678', businessDefault: 'en_US', available }), {
      code: 'es',
      source: 'calling_code',
      wanted: 'es_MX',
    });
    assert.deepEqual(chooseLanguage({ phone: '+351912345678', businessDefault: 'en_US', available }), {
      code: 'pt_BR',
      source: 'calling_code',
      wanted: 'pt_PT',
    });
    assert.deepEqual(chooseLanguage({ explicit: 'ja', phone: '+81312345678', businessDefault: 'en_GB', available }), {
      code: 'en_GB',
      source: 'default',
      wanted: 'en_GB',
    });
  });

  it('regional wishes: ar_EG → ar, en_AU → en_GB (not en_US), Dari → Persian', () => {
    const pick = (phone: string) => chooseLanguage({ phone, businessDefault: 'tr', available });
    assert.deepEqual(pick('+201001234567'), { code: 'ar', source: 'calling_code', wanted: 'ar_EG' });
    assert.deepEqual(pick('+61412345678'), { code: 'en_GB', source: 'calling_code', wanted: 'en_AU' });
    assert.deepEqual(pick('+93701234567'), { code: 'fa', source: 'calling_code', wanted: 'prs_AF' });
    assert.deepEqual(chooseLanguage({ phone: '+93701234567', businessDefault: 'tr', available: ['prs_AF', 'fa'] }), {
      code: 'prs_AF',
      source: 'calling_code',
      wanted: 'prs_AF',
    });
  });
});
