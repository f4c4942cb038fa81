import {
  buildTemplateSend,
  loadTemplates,
  previewTemplateSend,
  type TemplateValue,
} from '../../src/templates/index.ts';

/** The built-in templates, loaded once for the tests. */
export const registry = loadTemplates();

export const SHIPPED_LANGUAGES = ['en_US', 'en_GB', 'ar', 'fa', 'es', 'fr', 'pt_BR', 'de', 'tr', 'hi'] as const;

/** Department names as the demo catalog gives them, per language (a department stands as the service). */
const DEPARTMENT: Record<string, string> = {
  en_US: 'Electronics & Appliances',
  en_GB: 'Electronics & Appliances',
  ar: 'الإلكترونيات والأجهزة',
  fa: 'لوازم الکترونیکی',
  es: 'Electrónica y electrodomésticos',
  fr: 'Électronique et électroménager',
  pt_BR: 'Eletrônicos e eletrodomésticos',
  de: 'Elektronik & Geräte',
  tr: 'Elektronik ve Beyaz Eşya',
  hi: 'इलेक्ट्रॉनिक्स और उपकरण',
};

/**
 * The golden booking: Sunday 12 January 2025, 10:30 in London, moved from Friday 10 January 16:00; £79.50 for
 * the priced variants.
 */
export function goldenValues(language: string): Record<string, TemplateValue> {
  return {
    customer_name: 'Amina',
    service: DEPARTMENT[language] ?? 'Electronics',
    location: "King's Cross, London",
    date_time: { kind: 'date_time', at: '2025-01-12T10:30:00Z', timeZone: 'Europe/London' },
    previous_date_time: { kind: 'date_time', at: '2025-01-10T16:00:00Z', timeZone: 'Europe/London' },
    reference: 'FB-7K2Q',
    address: '1 Pancras Square, London N1C 4AG',
    price: { kind: 'currency', code: 'GBP', amount_1000: 79_500 },
  };
}

/** Builds and renders a built-in template with the golden values its parameters need. */
export function goldenText(name: string, language: string): string {
  const template = registry.templates.get(name);
  if (!template) throw new Error(`no template ${name}`);
  const all = goldenValues(language);
  const values = Object.fromEntries(template.parameters.map((p) => [p.name, all[p.name] as TemplateValue]));
  // A Flow button needs its flow_token at send time; what the customer reads does not show it.
  // A url button ending in {{1}} needs its suffix (the confirmation's maps link); the customer reads its label.
  const given = (template.languages[language]?.buttons ?? []).flatMap((b) =>
    b.type === 'flow'
      ? [[b.id, 'golden-flow-token']]
      : b.type === 'url' && b.url.includes('{{1}}')
        ? [[b.id, '1%20Pancras%20Square']]
        : [],
  );
  const buttons = Object.fromEntries(given);
  const send = buildTemplateSend(registry, { name, language, values, buttons });
  return previewTemplateSend(registry, send).text;
}
