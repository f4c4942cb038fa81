import type { TemplateDefinition as MetaTemplate } from '../whatsapp/templates-api.ts';
import { formatCurrency } from './currency.ts';
import { formatDateTimeComponents } from './datetime.ts';
import type { ParameterKind, TemplateButton, TemplateDefinition, TemplateTranslation } from './schema.ts';

// Meta reviews a template with sample values for every parameter; these read naturally in any language.
const SAMPLES: Readonly<Record<string, string>> = {
  customer_name: 'Jane',
  name: 'Jane',
  service: 'Haircut with Ana',
  department: 'Clothing & Apparel',
  location: 'Oxford Street, London',
  reference: 'FB-7K2Q',
  address: '400 Oxford Street, London W1A 1AB',
};

/** Tuesday 24 November 2026, 10:30, and £25.00: shown as flowbook's fallback_value would show them. */
const SAMPLE_DATE = { day_of_week: 2, year: 2026, month: 11, day_of_month: 24, hour: 10, minute: 30 } as const;
const SAMPLE_PRICE = { code: 'GBP', amount_1000: 25_000 } as const;

/**
 * The example of one parameter in one language. Dates and prices are localized the way the customer will
 * read them (a German reviewer sees "25,00 £"), since Meta reviews each language on its own.
 */
function sample(name: string, kind: ParameterKind, language: string): string {
  if (kind === 'currency') return formatCurrency(language, SAMPLE_PRICE.code, SAMPLE_PRICE.amount_1000) ?? '£25.00';
  if (kind === 'date_time') return formatDateTimeComponents(language, SAMPLE_DATE) ?? 'Tuesday 24 November 2026, 10:30';
  return SAMPLES[name] ?? 'example';
}

/**
 * One `POST /{WABA_ID}/message_templates` body per language of a template: header, body with its
 * examples (positional `body_text` or named `body_text_named_params`), footer, buttons.
 */
export function toMetaTemplates(template: TemplateDefinition, languages?: readonly string[]): MetaTemplate[] {
  return Object.entries(template.languages)
    .filter(([code]) => !languages || languages.includes(code))
    .map(([code, translation]) => ({
      name: template.name,
      language: code,
      category: template.category,
      parameter_format: template.parameterFormat,
      components: components(template, translation, code),
    }));
}

function components(
  template: TemplateDefinition,
  t: TemplateTranslation,
  language: string,
): Array<Record<string, unknown>> {
  const samples = template.parameters.map((p) => sample(p.name, p.kind, language));
  const body: Record<string, unknown> = { type: 'BODY', text: t.body };
  if (template.parameters.length > 0) {
    body.example =
      template.parameterFormat === 'named'
        ? { body_text_named_params: template.parameters.map((p, i) => ({ param_name: p.name, example: samples[i] })) }
        : { body_text: [samples] };
  }
  return [
    ...(t.header ? [{ type: 'HEADER', format: 'TEXT', text: t.header }] : []),
    body,
    ...(t.footer ? [{ type: 'FOOTER', text: t.footer }] : []),
    ...(t.buttons.length > 0 ? [{ type: 'BUTTONS', buttons: t.buttons.map(button) }] : []),
  ];
}

function button(b: TemplateButton): Record<string, unknown> {
  switch (b.type) {
    case 'quick_reply':
      return { type: 'QUICK_REPLY', text: b.text };
    case 'url':
      return {
        type: 'URL',
        text: b.text,
        url: b.url,
        ...(b.url.includes('{{1}}') ? { example: [b.url.replace('{{1}}', 'example')] } : {}),
      };
    case 'flow':
      return {
        type: 'FLOW',
        text: b.text,
        ...(b.flow_id ? { flow_id: b.flow_id } : {}),
        ...(b.flow_name ? { flow_name: b.flow_name } : {}),
        flow_action: b.flow_action,
        ...(b.navigate_screen ? { navigate_screen: b.navigate_screen } : {}),
      };
  }
}
