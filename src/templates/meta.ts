import type { TemplateDefinition as MetaTemplate } from '../whatsapp/templates-api.ts';
import { formatCurrency } from './currency.ts';
import { calendarOf, dayIn, formatDateTimeComponents, isoWeekday, type DateTimeComponents } from './datetime.ts';
import type { ParameterKind, TemplateButton, TemplateDefinition, TemplateTranslation } from './schema.ts';

// Meta reviews each language of a template on its own, with a sample value for every parameter: the
// samples read as a customer of that language would (names, services and places in their words).
const SAMPLES: Readonly<Record<string, string>> = {
  customer_name: 'Jane',
  name: 'Jane',
  service: 'Haircut with Ana',
  department: 'Clothing & Apparel',
  location: 'Oxford Street, London',
  reference: 'FB-7K2Q',
  address: '400 Oxford Street, London W1A 1AB',
};
const LOCAL_SAMPLES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  ar: {
    customer_name: 'سارة',
    name: 'سارة',
    service: 'قص الشعر مع آنا',
    department: 'الملابس',
    location: 'شارع أكسفورد، لندن',
  },
  fa: {
    customer_name: 'سارا',
    name: 'سارا',
    service: 'کوتاهی مو با آنا',
    department: 'پوشاک',
    location: 'خیابان آکسفورد، لندن',
  },
  es: { customer_name: 'Lucía', name: 'Lucía', service: 'Corte de pelo con Ana', department: 'Ropa y complementos' },
  fr: { customer_name: 'Julie', name: 'Julie', service: 'Coupe avec Ana', department: 'Vêtements' },
  pt: { customer_name: 'Ana Paula', name: 'Ana Paula', service: 'Corte de cabelo com Ana', department: 'Roupas' },
  de: { customer_name: 'Julia', name: 'Julia', service: 'Haarschnitt bei Ana', department: 'Bekleidung' },
  tr: { customer_name: 'Elif', name: 'Elif', service: 'Ana ile saç kesimi', department: 'Giyim' },
  hi: { customer_name: 'प्रिया', name: 'प्रिया', service: 'Ana के साथ हेयरकट', department: 'कपड़े' },
};

/** Tuesday 24 November 2026, 10:30, and £25.00: shown as flowbook's fallback_value would show them. */
const SAMPLE_DAY = new Date(Date.UTC(2026, 10, 24));
const SAMPLE_PRICE = { code: 'GBP', amount_1000: 25_000 } as const;

/** The sample date as components of the language's calendar (Persian: Solar Hijri 3 Azar 1405), weekday included. */
function sampleDate(language: string): DateTimeComponents {
  const calendar = calendarOf(language);
  const day = dayIn(calendar, SAMPLE_DAY);
  return {
    day_of_week: isoWeekday(SAMPLE_DAY),
    year: day.year,
    month: day.month,
    day_of_month: day.day,
    hour: 10,
    minute: 30,
    calendar,
  };
}

/**
 * The example of one parameter in one language. Dates and prices are localized the way the customer will
 * read them (a German reviewer sees "25,00 £", a Persian one a Solar Hijri date), names in the language.
 */
function sample(name: string, kind: ParameterKind, language: string): string {
  if (kind === 'currency') return formatCurrency(language, SAMPLE_PRICE.code, SAMPLE_PRICE.amount_1000) ?? '£25.00';
  if (kind === 'date_time')
    return formatDateTimeComponents(language, sampleDate(language)) ?? 'Tuesday 24 November 2026, 10:30';
  return LOCAL_SAMPLES[language.split('_')[0] ?? '']?.[name] ?? SAMPLES[name] ?? 'example';
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
