import { DateTime } from 'luxon';
import { ParameterFormatError } from './errors.ts';
import { formatCurrency, isKnownCurrency } from './currency.ts';
import { calendarOf, dayIn, formatDateTimeComponents, type TemplateCalendar } from './datetime.ts';
import { resolveElement, type PackSource } from './packs.ts';
import { checkText, MalformedParameter, type CloudParameter } from './parameters.ts';
import { renderTemplate, toPackSource, type RenderedMessage } from './render.ts';
import type { ParameterKind, TemplateRegistry } from './schema.ts';

/** A value for one template parameter, typed by what it means rather than by the wire. */
export type TemplateValue =
  | string
  | { kind: 'text'; text: string }
  | { kind: 'date_time'; at: Date | string; timeZone: string; calendar?: TemplateCalendar }
  | { kind: 'currency'; code: string; amount_1000: number };

export interface TemplateSendRequest {
  readonly name: string;
  readonly language: string;
  /** Keyed by the template's declared parameter names (positional templates too). */
  readonly values: Readonly<Record<string, TemplateValue>>;
  /**
   * Per button id: the quick-reply payload (default: the id), the suffix of a url ending in
   * `{{1}}`, or the `flow_token` of a flow button.
   */
  readonly buttons?: Readonly<Record<string, string>>;
}

type ButtonComponent =
  | { type: 'button'; sub_type: 'quick_reply'; index: string; parameters: [{ type: 'payload'; payload: string }] }
  | { type: 'button'; sub_type: 'url'; index: string; parameters: [{ type: 'text'; text: string }] }
  | {
      type: 'button';
      sub_type: 'flow';
      index: string;
      parameters: [{ type: 'action'; action: { flow_token: string } }];
    };

export type TemplateComponent = { type: 'body'; parameters: CloudParameter[] } | ButtonComponent;

/** The Cloud API `template` object of a send (docs/protocol.md §7). */
export interface TemplateSend {
  readonly name: string;
  readonly language: { readonly policy: 'deterministic'; readonly code: string };
  readonly components: TemplateComponent[];
}

/**
 * Builds the Cloud API `template` object for a send, validated against the template before
 * anything leaves: the language pack and element must exist (132001), every declared parameter
 * needs a value of its kind and no others (132000), texts must be acceptable (132018). Each
 * localizable parameter's `fallback_value` is flowbook's own rendering in the customer's
 * language, because the Cloud API shows `fallback_value` as is (docs/protocol.md §8).
 */
export function buildTemplateSend(source: TemplateRegistry | PackSource, request: TemplateSendRequest): TemplateSend {
  const packs = toPackSource(source);
  const { element } = resolveElement(packs, request.name, request.language);
  const { template, translation } = element;
  const given = Object.keys(request.values);
  const declared = template.parameters.map((p) => p.name);
  const fail = (parameter: string, problem: string, code?: number) =>
    new ParameterFormatError(template.name, parameter, problem, code);
  const parameters = template.parameters.map(({ name, kind }) => {
    const value = request.values[name];
    if (value === undefined) return undefined;
    try {
      const parameter = toCloudParameter(request.language, kind, value);
      return template.parameterFormat === 'named' ? { ...parameter, parameter_name: name } : parameter;
    } catch (error) {
      if (error instanceof MalformedParameter) throw fail(name, error.message, error.cloudCode);
      throw error;
    }
  });
  const missing = declared.filter((n) => request.values[n] === undefined);
  const unexpected = given.filter((n) => !declared.includes(n));
  if (missing.length || unexpected.length) {
    const problem = [
      missing.length ? `missing ${missing.join(', ')}` : '',
      unexpected.length ? `unexpected ${unexpected.join(', ')}` : '',
    ];
    throw fail('values', problem.filter(Boolean).join('; '), 132000);
  }
  const components: TemplateComponent[] = [];
  if (parameters.length > 0) components.push({ type: 'body', parameters: parameters as CloudParameter[] });
  const buttonValues = request.buttons ?? {};
  const ids = translation.buttons.map((b) => b.id);
  const stray = Object.keys(buttonValues).filter((id) => !ids.includes(id));
  if (stray.length)
    throw fail('buttons', `no button ${stray.join(', ')}; the template has ${ids.join(', ') || 'none'}`);
  translation.buttons.forEach((button, i) => {
    const value = buttonValues[button.id];
    const index = String(i);
    if (button.type === 'quick_reply') {
      components.push({
        type: 'button',
        sub_type: 'quick_reply',
        index,
        parameters: [{ type: 'payload', payload: value ?? button.id }],
      });
    } else if (button.type === 'url' && button.url.includes('{{1}}')) {
      if (!value) throw fail(`buttons.${button.id}`, 'this url button needs its suffix');
      components.push({ type: 'button', sub_type: 'url', index, parameters: [{ type: 'text', text: value }] });
    } else if (button.type === 'flow') {
      if (!value) throw fail(`buttons.${button.id}`, 'this flow button needs a flow_token');
      components.push({
        type: 'button',
        sub_type: 'flow',
        index,
        parameters: [{ type: 'action', action: { flow_token: value } }],
      });
    }
  });
  const send: TemplateSend = {
    name: template.name,
    language: { policy: 'deterministic', code: request.language },
    components,
  };
  previewTemplateSend(packs, send);
  return send;
}

function toCloudParameter(language: string, kind: ParameterKind, value: TemplateValue): CloudParameter {
  const valueKind = typeof value === 'string' ? 'text' : value.kind;
  if (valueKind !== kind) throw new MalformedParameter(`expects a ${kind} value, got ${valueKind}`);
  if (typeof value === 'string') return { type: 'text', text: checkText(value) };
  switch (value.kind) {
    case 'text':
      return { type: 'text', text: checkText(value.text) };
    case 'currency': {
      if (!isKnownCurrency(value.code)) throw new MalformedParameter(`unknown ISO 4217 currency "${value.code}"`);
      const text = formatCurrency(language, value.code, value.amount_1000);
      if (text === undefined) throw new MalformedParameter('amount_1000 must be a safe integer (the amount × 1000)');
      return { type: 'currency', currency: { fallback_value: text, code: value.code, amount_1000: value.amount_1000 } };
    }
    case 'date_time':
      return dateTimeParameter(language, value);
  }
}

function dateTimeParameter(language: string, value: Extract<TemplateValue, { kind: 'date_time' }>): CloudParameter {
  const at =
    typeof value.at === 'string' ? DateTime.fromISO(value.at, { setZone: true }) : DateTime.fromJSDate(value.at);
  const local = at.setZone(value.timeZone);
  if (!at.isValid || !local.isValid)
    throw new MalformedParameter(
      `invalid instant or time zone (${local.invalidExplanation ?? at.invalidExplanation ?? 'invalid'})`,
    );
  // A component date/time is a wall-clock value shown the same in every zone (docs/protocol.md §8), so it is
  // taken in the appointment's zone here.
  const calendar = value.calendar ?? calendarOf(language);
  // The components are dates of the calendar they name: 12 June 2027 goes as Solar Hijri 1406-03-22.
  const day = dayIn(calendar, new Date(Date.UTC(local.year, local.month - 1, local.day)));
  const components = {
    day_of_week: local.weekday,
    year: day.year,
    month: day.month,
    day_of_month: day.day,
    hour: local.hour,
    minute: local.minute,
    calendar,
  };
  const fallback = formatDateTimeComponents(language, components);
  if (fallback === undefined) throw new MalformedParameter('the date cannot be shown');
  return { type: 'date_time', date_time: { fallback_value: fallback, ...components } };
}

/** Renders a built send as the customer will see it (for logs of what was sent, or previews). */
export function previewTemplateSend(
  source: TemplateRegistry | PackSource,
  send: TemplateSend,
  timeZone?: string,
): RenderedMessage {
  const body = send.components.find((c): c is Extract<TemplateComponent, { type: 'body' }> => c.type === 'body');
  return renderTemplate(source, {
    name: send.name,
    language: send.language.code,
    parameters: body?.parameters ?? [],
    ...(timeZone ? { timeZone } : {}),
  });
}
