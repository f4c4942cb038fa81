import path from 'node:path';
import type { TemplateProblem } from './errors.ts';
import { languageHint } from './languages.ts';
import { distinctKeys, isPositionalKey, scanPlaceholders } from './placeholders.ts';
import type { TemplateButton, TemplateFile, TemplateTranslation } from './schema.ts';

/** WhatsApp's template limits (docs/protocol.md §7; Meta's template guidelines). Counted in characters. */
const LIMITS = {
  body: 1024,
  header: 60,
  footer: 60,
  buttons: 10,
  buttonText: 25,
  urlButtons: 2,
  flowButtons: 1,
} as const;

type Report = (p: Omit<TemplateProblem, 'file'>) => void;

/**
 * Checks one parsed template file against WhatsApp's rules. Returns every problem, each naming
 * the file, language, field and rule; an empty list means the template can be submitted.
 */
export function lintTemplate(template: TemplateFile, file: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const report: Report = (p) => problems.push({ file, ...p });
  const base = path.basename(file).replace(/\.ya?ml$/, '');
  if (base !== template.name) {
    report({
      field: 'name',
      rule: 'file_name',
      message: `name "${template.name}" should match its file name "${base}"`,
    });
  }
  const languages = Object.keys(template.languages);
  for (const language of languages) {
    const refused = languageHint(language);
    if (refused) report({ language, field: 'languages', rule: 'language_code', message: refused });
    lintTranslation(template, template.languages[language] as TemplateTranslation, (p) => report({ language, ...p }));
  }
  lintAcrossLanguages(template, report);
  return problems;
}

function chars(text: string): number {
  return [...text].length;
}

function lintTranslation(template: TemplateFile, t: TemplateTranslation, report: Report): void {
  if (t.header !== undefined && chars(t.header) > LIMITS.header) {
    report({
      field: 'header',
      rule: 'header_length',
      message: `header has ${chars(t.header)} characters, at most ${LIMITS.header}`,
    });
  }
  if (chars(t.body) > LIMITS.body)
    report({
      field: 'body',
      rule: 'body_length',
      message: `body has ${chars(t.body)} characters, at most ${LIMITS.body}`,
    });
  if (t.footer !== undefined && chars(t.footer) > LIMITS.footer) {
    report({
      field: 'footer',
      rule: 'footer_length',
      message: `footer has ${chars(t.footer)} characters, at most ${LIMITS.footer}`,
    });
  }
  for (const [field, text] of [
    ['header', t.header],
    ['body', t.body],
    ['footer', t.footer],
  ] as const) {
    if (text === undefined) continue;
    const scan = scanPlaceholders(text);
    for (const bad of scan.malformed)
      report({ field, rule: 'placeholder_syntax', message: `malformed placeholder ${bad}` });
    if (field !== 'body' && scan.keys.length > 0) {
      report({
        field,
        rule: 'placeholder_location',
        message: `${field} cannot hold placeholders; flowbook fills body parameters only`,
      });
    }
  }
  lintBodyPlaceholders(template, t.body, report);
  lintButtons(t.buttons, report);
}

function lintBodyPlaceholders(template: TemplateFile, body: string, report: Report): void {
  const keys = distinctKeys(body);
  const positional = template.parameter_format === 'positional';
  const wrongForm = keys.filter((k) => isPositionalKey(k) !== positional);
  if (wrongForm.length > 0) {
    report({
      field: 'body',
      rule: 'placeholder_format',
      message: `${wrongForm.map((k) => `{{${k}}}`).join(', ')} in a ${template.parameter_format} template`,
    });
    return;
  }
  if (positional && keys.some((k, i) => Number(k) !== i + 1)) {
    report({
      field: 'body',
      rule: 'placeholder_sequence',
      message: `placeholders must run {{1}}…{{${keys.length}}} without gaps; found ${keys.map((k) => `{{${k}}}`).join(', ')}`,
    });
  }
  const trimmed = body.trim();
  if (/^\{\{[^{}]*\}\}/.test(trimmed) || /\{\{[^{}]*\}\}$/.test(trimmed)) {
    report({ field: 'body', rule: 'placeholder_edge', message: 'the body may not start or end with a placeholder' });
  }
  // Meta refuses placeholders with nothing but white space between them (Meta's template guidelines).
  for (const match of body.matchAll(/\{\{[^{}]*\}\}\s*\{\{[^{}]*\}\}/g)) {
    report({
      field: 'body',
      rule: 'placeholder_adjacent',
      message: `${match[0]}: placeholders need text between them`,
    });
  }
  lintCurrencyPlaceholders(template, body, report);
}

/**
 * WhatsApp writes a currency parameter with its own symbol or code, formatted for the reader (docs/protocol.md
 * §8), so a symbol or ISO code written beside its placeholder would show twice ("££25.00", "25,00 € EUR").
 */
function lintCurrencyPlaceholders(template: TemplateFile, body: string, report: Report): void {
  const positional = template.parameter_format === 'positional';
  const keys = template.parameters.flatMap((p, i) =>
    p.kind === 'currency' ? [positional ? String(i + 1) : p.name] : [],
  );
  for (const key of keys) {
    const token = `{{${key}}}`;
    for (let at = body.indexOf(token); at >= 0; at = body.indexOf(token, at + token.length)) {
      const before = body.slice(0, at).replace(/[ \u00a0]+$/, '');
      const after = body.slice(at + token.length).replace(/^[ \u00a0]+/, '');
      if (/(\p{Sc}|\b[A-Z]{3})$/u.test(before) || /^(\p{Sc}|[A-Z]{3}\b)/u.test(after)) {
        report({
          field: 'body',
          rule: 'currency_symbol',
          message: `${token} is a currency parameter: WhatsApp adds the symbol itself, so none may stand beside it`,
        });
      }
    }
  }
}

function lintButtons(buttons: readonly TemplateButton[], report: Report): void {
  if (buttons.length > LIMITS.buttons)
    report({ field: 'buttons', rule: 'button_count', message: `${buttons.length} buttons, at most ${LIMITS.buttons}` });
  const rule = (i: number, message: string) => report({ field: `buttons[${i}]`, rule: 'button_rule', message });
  buttons.forEach((b, i) => {
    if (chars(b.text) > LIMITS.buttonText) {
      report({
        field: `buttons[${i}].text`,
        rule: 'button_text_length',
        message: `"${b.text}" has ${chars(b.text)} characters, at most ${LIMITS.buttonText}`,
      });
    }
    if (scanPlaceholders(b.text).keys.length > 0) rule(i, 'button text cannot hold placeholders');
    if (b.type === 'url') lintUrl(b.url, (m) => rule(i, m));
    if (b.type === 'flow' && (b.flow_id === undefined) === (b.flow_name === undefined))
      rule(i, 'a flow button needs exactly one of flow_id and flow_name');
    if (b.type === 'flow' && b.flow_action === 'data_exchange' && b.navigate_screen)
      rule(i, 'navigate_screen only applies to flow_action navigate');
  });
  const types = buttons.map((b) => b.type);
  const firstQuick = types.indexOf('quick_reply');
  const lastQuick = types.lastIndexOf('quick_reply');
  if (firstQuick >= 0 && types.slice(firstQuick, lastQuick + 1).some((t) => t !== 'quick_reply')) {
    rule(firstQuick, 'quick-reply buttons must be grouped together, not mixed between other buttons');
  }
  if (types.filter((t) => t === 'url').length > LIMITS.urlButtons) rule(0, `at most ${LIMITS.urlButtons} url buttons`);
  if (types.filter((t) => t === 'flow').length > LIMITS.flowButtons)
    rule(0, `at most ${LIMITS.flowButtons} flow button`);
  const ids = buttons.map((b) => b.id);
  const texts = buttons.map((b) => b.text);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) rule(i, `duplicate button id "${id}"`);
  });
  texts.forEach((text, i) => {
    if (texts.indexOf(text) !== i) rule(i, `duplicate button text "${text}"`);
  });
}

function lintUrl(url: string, fail: (message: string) => void): void {
  const scan = scanPlaceholders(url);
  if (scan.malformed.length > 0 || scan.keys.some((k) => k !== '1') || scan.keys.length > 1) {
    fail('a url may hold one placeholder, {{1}}');
  } else if (scan.keys.length === 1 && !url.endsWith('{{1}}')) {
    fail('the url placeholder {{1}} must be at the end');
  }
  try {
    const parsed = new URL(url.replace('{{1}}', 'x'));
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') fail('url must be http(s)');
  } catch {
    fail(`"${url}" is not a valid url`);
  }
}

function lintAcrossLanguages(template: TemplateFile, report: Report): void {
  const declared = template.parameters.map((p, i) =>
    template.parameter_format === 'positional' ? String(i + 1) : p.name,
  );
  const declaredSorted = [...declared].sort((a, b) =>
    isPositionalKey(a) && isPositionalKey(b) ? Number(a) - Number(b) : a.localeCompare(b),
  );
  const names = template.parameters.map((p) => p.name);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i)
      report({ field: `parameters[${i}]`, rule: 'parameter_declaration', message: `duplicate parameter "${n}"` });
  });
  const entries = Object.entries(template.languages);
  const [first] = entries;
  for (const [language, t] of entries) {
    const keys = distinctKeys(t.body);
    if (keys.join(',') !== declaredSorted.join(',')) {
      report({
        language,
        field: 'body',
        rule: 'placeholder_mismatch',
        message: `placeholders ${fmt(keys)} differ from the declared parameters ${fmt(declaredSorted)}; every language needs the same ones`,
      });
    }
    if (first && language !== first[0]) {
      const shape = (bs: readonly TemplateButton[]) => bs.map((b) => `${b.type}:${b.id}`).join(',');
      if (shape(t.buttons) !== shape(first[1].buttons)) {
        report({
          language,
          field: 'buttons',
          rule: 'button_mismatch',
          message: `buttons [${shape(t.buttons)}] differ from ${first[0]} [${shape(first[1].buttons)}]`,
        });
      }
    }
  }
}

function fmt(keys: readonly string[]): string {
  return keys.length ? keys.map((k) => `{{${k}}}`).join(' ') : '(none)';
}
