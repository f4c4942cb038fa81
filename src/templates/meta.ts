import type { TemplateDefinition as MetaTemplate } from '../whatsapp/templates-api.ts';
import type { ParameterKind, TemplateButton, TemplateDefinition, TemplateTranslation } from './schema.ts';

// Meta reviews a template with sample values for every parameter; these read naturally in any language.
const SAMPLES: Readonly<Record<string, string>> = {
  customer_name: 'Jane',
  name: 'Jane',
  department: 'Clothing & Apparel',
  location: 'Oxford Street, London',
  reference: 'FB-7K2Q',
  address: '400 Oxford Street, London W1A 1AB',
};
const KIND_SAMPLES: Readonly<Record<ParameterKind, string>> = {
  text: 'example',
  date_time: 'Monday 24 November 2026, 10:30',
  currency: '£25.00',
};

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
      components: components(template, translation),
    }));
}

function components(template: TemplateDefinition, t: TemplateTranslation): Array<Record<string, unknown>> {
  const samples = template.parameters.map((p) => SAMPLES[p.name] ?? KIND_SAMPLES[p.kind]);
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
