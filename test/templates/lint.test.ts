import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  checkTemplatesDir,
  formatProblem,
  lintVariants,
  loadTemplates,
  parseTemplate,
  TemplateLintError,
  type TemplateDefinition,
  type TemplateProblem,
} from '../../src/templates/index.ts';
import { registry } from './fixtures.ts';

type Raw = Record<string, unknown>;
const base = (): Raw => ({
  name: 'sample',
  category: 'UTILITY',
  parameter_format: 'positional',
  parameters: [{ name: 'customer_name' }, { name: 'date_time', kind: 'date_time' }],
  languages: {
    en_US: { body: 'Hi {{1}}, see you on {{2}}.', buttons: [{ type: 'quick_reply', id: 'ok', text: 'OK' }] },
    ar: { body: 'مرحبًا {{1}}، نراك في {{2}}.', buttons: [{ type: 'quick_reply', id: 'ok', text: 'حسنًا' }] },
  },
});
const withLanguage = (patch: Raw, language = 'en_US', raw = base()): Raw => {
  const languages = raw.languages as Record<string, Raw>;
  return { ...raw, languages: { ...languages, [language]: { ...languages[language], ...patch } } };
};
const problems = (raw: Raw): TemplateProblem[] => [...parseTemplate(raw, 'templates/sample.yaml').problems];
const rules = (raw: Raw) => problems(raw).map((p) => p.rule);
const one = (raw: Raw, rule: string): TemplateProblem => {
  const found = problems(raw);
  assert.deepEqual(
    found.map((p) => p.rule),
    [rule],
    found.map(formatProblem).join('\n'),
  );
  return found[0] as TemplateProblem;
};

describe('template lint', () => {
  it('the sample and the built-in templates are clean', () => {
    assert.deepEqual(problems(base()), []);
    assert.deepEqual(checkTemplatesDir(new URL('../../templates/', import.meta.url).pathname).problems, []);
  });

  it("language codes: Meta's regional codes pass; others are refused with a hint naming Meta", () => {
    const raw = base();
    const p = one(
      { ...raw, languages: { ...(raw.languages as Raw), ar_AR: (raw.languages as Raw).ar } },
      'language_code',
    );
    assert.equal(p.language, 'ar_AR');
    assert.match(
      formatProblem(p),
      /^templates\/sample\.yaml \[ar_AR\] languages: "ar_AR" is not a language Meta supports for templates .*en_US \(language_code\)$/,
    );
    const q = one(
      { ...raw, languages: { 'en-US': (raw.languages as Raw).en_US, ar: (raw.languages as Raw).ar } },
      'language_code',
    );
    assert.match(q.message, /did you mean en_US/);
    assert.deepEqual(
      problems({ ...raw, languages: { ...(raw.languages as Raw), ar_EG: (raw.languages as Raw).ar } }),
      [],
    );
  });

  it('placeholders: contiguous from {{1}}', () => {
    const p = problems(withLanguage({ body: 'Hi {{1}}, see you on {{3}}.' })).find(
      (x) => x.rule === 'placeholder_sequence',
    );
    assert.equal(p?.field, 'body');
    assert.equal(p?.language, 'en_US');
    assert.ok(rules(withLanguage({ body: 'Hi {{2}}, see you on {{3}}.' })).includes('placeholder_sequence'));
  });

  it('placeholders: the same in every language', () => {
    const p = one(withLanguage({ body: 'مرحبًا {{1}}.' }, 'ar'), 'placeholder_mismatch');
    assert.equal(p.language, 'ar');
  });

  it('placeholders: named templates take snake_case names, positional ones numbers', () => {
    const named = { ...base(), parameter_format: 'named', parameters: [{ name: 'customer_name' }] };
    const good = withLanguage(
      { body: 'Hi {{customer_name}}, welcome.' },
      'ar',
      withLanguage({ body: 'Hi {{customer_name}}, welcome.' }, 'en_US', named),
    );
    assert.deepEqual(problems(good), []);
    assert.ok(
      rules(withLanguage({ body: 'Hi {{CustomerName}}, welcome.' }, 'en_US', good)).includes('placeholder_syntax'),
    );
    assert.ok(rules(withLanguage({ body: 'Hi {{1}}, welcome.' }, 'en_US', good)).includes('placeholder_format'));
    assert.ok(rules(withLanguage({ body: 'Hi {{1}, see you on {{2}}.' })).includes('placeholder_syntax'));
  });

  it('placeholders: not at the start or end of the body, not in header or footer', () => {
    assert.ok(rules(withLanguage({ body: '{{1}}, see you on {{2}}' })).includes('placeholder_edge'));
    one(withLanguage({ header: 'For {{1}}' }), 'placeholder_location');
  });

  it('limits: body 1024, header 60, footer 60, buttons 10 and button text 25', () => {
    one(withLanguage({ body: `Hi {{1}}, see you on {{2}}.${'x'.repeat(1000)}` }), 'body_length');
    assert.deepEqual(problems(withLanguage({ header: 'ا'.repeat(60) }, 'ar')), [], 'characters, not bytes');
    one(withLanguage({ header: 'h'.repeat(61) }), 'header_length');
    one(withLanguage({ footer: 'f'.repeat(61) }), 'footer_length');
    const p = one(
      withLanguage({ buttons: [{ type: 'quick_reply', id: 'ok', text: 'x'.repeat(26) }] }),
      'button_text_length',
    );
    assert.equal(p.field, 'buttons[0].text');
    const eleven = Array.from({ length: 11 }, (_, i) => ({ type: 'quick_reply', id: `b${i}`, text: `B${i}` }));
    const raw = withLanguage({ buttons: eleven }, 'ar', withLanguage({ buttons: eleven }));
    assert.deepEqual([...new Set(rules(raw))], ['button_count']);
  });

  it('button rules: url, flow, grouping, duplicates, and the same buttons in every language', () => {
    const url = (u: string) => withLanguage({ buttons: [{ type: 'url', id: 'ok', text: 'Open', url: u }] });
    const urlBoth = (u: string) =>
      withLanguage({ buttons: [{ type: 'url', id: 'ok', text: 'افتح', url: u }] }, 'ar', url(u));
    assert.deepEqual(problems(urlBoth('https://example.com/b/{{1}}')), []);
    const inBoth = (raw: Raw) => problems(raw).map((p) => `${p.language}:${p.rule}`);
    assert.deepEqual(inBoth(urlBoth('https://example.com/{{1}}/b')), ['en_US:button_rule', 'ar:button_rule']);
    assert.deepEqual(inBoth(urlBoth('not a url')), ['en_US:button_rule', 'ar:button_rule']);
    const flow = [{ type: 'flow', id: 'ok', text: 'Book' }];
    assert.deepEqual(inBoth(withLanguage({ buttons: flow }, 'ar', withLanguage({ buttons: flow }))), [
      'en_US:button_rule',
      'ar:button_rule',
    ]);
    const mixed = [
      { type: 'quick_reply', id: 'a', text: 'A' },
      { type: 'url', id: 'u', text: 'U', url: 'https://example.com' },
      { type: 'quick_reply', id: 'b', text: 'B' },
    ];
    assert.deepEqual(inBoth(withLanguage({ buttons: mixed }, 'ar', withLanguage({ buttons: mixed }))), [
      'en_US:button_rule',
      'ar:button_rule',
    ]);
    const dup = [
      { type: 'quick_reply', id: 'ok', text: 'OK' },
      { type: 'quick_reply', id: 'ok2', text: 'OK' },
    ];
    const dupProblems = problems(withLanguage({ buttons: dup }, 'ar', withLanguage({ buttons: dup })));
    assert.deepEqual(
      dupProblems.map((p) => `${p.language}:${p.field}:${p.rule}`),
      ['en_US:buttons[1]:button_rule', 'ar:buttons[1]:button_rule'],
    );
    assert.match(dupProblems[0]?.message ?? '', /duplicate button text "OK"/);
    one(withLanguage({ buttons: [] }, 'ar'), 'button_mismatch');
  });

  it('shape errors come from the schema with language and field', () => {
    const p = one(withLanguage({ body: '' }, 'ar'), 'schema');
    assert.equal(p.language, 'ar');
    assert.equal(p.field, 'body');
    assert.ok(rules({ ...base(), category: 'MARKETING' }).includes('schema'));
  });

  it('the file name must match the template name; duplicates and bad YAML are reported; load throws', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowbook-templates-'));
    try {
      const yaml = (name: string) =>
        `name: ${name}\ncategory: UTILITY\nparameter_format: positional\nlanguages:\n  en_US:\n    body: Hello there.\n`;
      writeFileSync(path.join(dir, 'greeting.yaml'), yaml('greeting'));
      writeFileSync(path.join(dir, 'other.yaml'), yaml('greeting'));
      writeFileSync(path.join(dir, 'broken.yml'), 'name: [unclosed\n');
      const found = checkTemplatesDir(dir)
        .problems.map((p) => `${path.basename(p.file)}:${p.rule}`)
        .sort();
      assert.deepEqual(found, ['broken.yml:yaml', 'other.yaml:duplicate_name', 'other.yaml:file_name']);
      assert.throws(
        () => loadTemplates(dir),
        (e: unknown) => e instanceof TemplateLintError && e.problems.length === 3 && e.code === 'FB_TEMPLATE_INVALID',
      );
      assert.deepEqual(
        checkTemplatesDir(path.join(dir, 'missing')).problems.map((p) => p.rule),
        ['read'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('template lint: currency parameters and priced variants', () => {
  const priced = (en: string, ar = 'السعر {{3}} يوم {{2}}، {{1}}.'): Raw => ({
    ...base(),
    parameters: [...(base().parameters as Raw[]), { name: 'price', kind: 'currency' }],
    languages: {
      en_US: { body: en, buttons: [{ type: 'quick_reply', id: 'ok', text: 'OK' }] },
      ar: { body: ar, buttons: [{ type: 'quick_reply', id: 'ok', text: 'حسنًا' }] },
    },
  });

  it('a currency placeholder stands without a symbol or ISO code beside it (WhatsApp adds its own)', () => {
    assert.deepEqual(problems(priced('Hi {{1}}, on {{2}} you pay {{3}} there.')), []);
    assert.equal(one(priced('Hi {{1}}, on {{2}} you pay £{{3}} there.'), 'currency_symbol').language, 'en_US');
    one(priced('Hi {{1}}, on {{2}} you pay {{3}} EUR there.'), 'currency_symbol');
    one(priced('Hi {{1}}, on {{2}} you pay {{3}} €, thanks.'), 'currency_symbol');
    one(priced('Hi {{1}}, on {{2}} you pay {{3}}.', 'السعر ${{3}} يوم {{2}}، {{1}}.'), 'currency_symbol');
    // A text parameter beside a symbol is the business's own choice.
    assert.deepEqual(problems(withLanguage({ body: 'Hi {{1}}, £5 off on {{2}} only.' })), []);
  });

  it('placeholders need text between them', () => {
    const p = one(withLanguage({ body: 'Hello there {{1}} {{2}} and welcome.' }), 'placeholder_adjacent');
    assert.match(p.message, /\{\{1\}\} \{\{2\}\}/);
    one(withLanguage({ body: 'Hello there {{1}}{{2}} and welcome.' }), 'placeholder_adjacent');
  });

  const builtIn = (name: string) => registry.templates.get(name) as TemplateDefinition;
  const variantProblems = (variant: TemplateDefinition, base = builtIn('appointment_reminder')) =>
    lintVariants([base, variant]).map((p) => `${p.field}${p.language ? ` [${p.language}]` : ''}: ${p.rule}`);

  it('the shipped priced variants match their bases', () => {
    assert.deepEqual(lintVariants([...registry.templates.values()]), []);
  });

  it('a priced variant keeps its base: parameters plus one currency, the same languages and buttons', () => {
    const variant = builtIn('appointment_reminder_priced');
    assert.deepEqual(variantProblems(variant), []);
    const withoutPrice = { ...variant, parameters: variant.parameters.slice(0, -1) };
    assert.deepEqual(variantProblems(withoutPrice), ['parameters: variant_mismatch']);
    const priceAsText = {
      ...variant,
      parameters: variant.parameters.map((p) => (p.name === 'price' ? { ...p, kind: 'text' as const } : p)),
    };
    assert.deepEqual(variantProblems(priceAsText), ['parameters: variant_mismatch']);
    const { de: _de, ...fewer } = variant.languages;
    assert.deepEqual(variantProblems({ ...variant, languages: fewer }), ['languages: variant_mismatch']);
    const de = variant.languages.de!;
    const otherButtons = { ...variant.languages, de: { ...de, buttons: de.buttons.slice(0, 2) } };
    assert.deepEqual(variantProblems({ ...variant, languages: otherButtons }), ['buttons [de]: variant_mismatch']);
    // Against another base (different parameters), the same file is refused.
    const cancelled = { ...variant, name: 'appointment_cancelled_priced' };
    assert.deepEqual(variantProblems(cancelled, builtIn('appointment_cancelled')).slice(0, 1), [
      'parameters: variant_mismatch',
    ]);
    assert.deepEqual(
      lintVariants([{ ...variant, name: 'lonely_priced' }]).map((p) => p.message),
      ['a priced variant needs its base template "lonely"'],
    );
  });
});
