import { ParameterFormatError, ParameterMismatchError } from './errors.ts';
import { textDirection } from './languages.ts';
import { packSource, resolveElement, type PackSource, type ResolutionStep } from './packs.ts';
import { localizeParameter, MalformedParameter, type CloudParameter } from './parameters.ts';
import { fillPlaceholders } from './placeholders.ts';
import type { TemplateElement, TemplateRegistry } from './schema.ts';

export interface RenderRequest {
  readonly name: string;
  /** Exactly the `language.code` sent; no other language is tried (deterministic policy). */
  readonly language: string;
  /**
   * Body parameters: an array for positional templates; for named ones an object keyed by name
   * or the wire form, an array whose items carry `parameter_name`.
   */
  readonly parameters: readonly CloudParameter[] | Readonly<Record<string, CloudParameter>>;
  /** The customer's IANA zone, used only for deprecated epoch values. Default UTC. */
  readonly timeZone?: string;
}

export interface RenderedMessage {
  readonly name: string;
  readonly language: string;
  readonly direction: 'rtl' | 'ltr';
  readonly header: string | undefined;
  readonly body: string;
  readonly footer: string | undefined;
  /** Button labels in order. */
  readonly buttons: readonly string[];
  /** Header, body, footer and `[button]` lines joined by new lines: the message as shown. */
  readonly text: string;
  /** E.g. deprecated epoch values; returned rather than logged. */
  readonly warnings: readonly string[];
  /** How the pack and element were found (docs/protocol.md §8 decision table). */
  readonly steps: readonly ResolutionStep[];
}

/** Registries render through a source without a cache: every lookup reads the current packs. */
export function toPackSource(source: TemplateRegistry | PackSource): PackSource {
  return 'packs' in source ? packSource(source) : source;
}

/**
 * Renders a template exactly as the customer would see it. Throws `StructureUnavailableError`
 * (132001) when the language pack or the template in it is missing, `ParameterMismatchError`
 * (132000) when the parameters do not match its placeholders, `ParameterFormatError` (132012,
 * 132018) for a parameter WhatsApp would refuse.
 */
export function renderTemplate(source: TemplateRegistry | PackSource, request: RenderRequest): RenderedMessage {
  const { element, steps } = resolveElement(toPackSource(source), request.name, request.language);
  const timeZone = request.timeZone ?? 'UTC';
  if (!isTimeZone(timeZone))
    throw new ParameterFormatError(request.name, 'timeZone', `unknown time zone "${timeZone}"`);
  const byKey = matchParameters(element, request.parameters);
  const warnings: string[] = [];
  const values = new Map<string, string>();
  for (const [key, parameter] of byKey) {
    try {
      const localized = localizeParameter(request.language, parameter, timeZone);
      values.set(key, localized.text);
      warnings.push(...localized.warnings.map((w) => `{{${key}}}: ${w}`));
    } catch (error) {
      if (!(error instanceof MalformedParameter)) throw error;
      throw new ParameterFormatError(request.name, `{{${key}}}`, error.message, error.cloudCode);
    }
  }
  const t = element.translation;
  const body = fillPlaceholders(t.body, (key) => values.get(key) ?? `{{${key}}}`);
  const buttons = t.buttons.map((b) => b.text);
  const text = [t.header, body, t.footer, ...buttons.map((b) => `[${b}]`)].filter((s) => s !== undefined).join('\n');
  return {
    name: request.name,
    language: request.language,
    direction: textDirection(request.language),
    header: t.header,
    body,
    footer: t.footer,
    buttons,
    text,
    warnings,
    steps,
  };
}

/** Pairs parameters with placeholder keys (`"1"`, `"customer_name"`), checking count and names. */
function matchParameters(
  element: TemplateElement,
  given: readonly CloudParameter[] | Readonly<Record<string, CloudParameter>>,
): Map<string, CloudParameter> {
  const { template } = element;
  const expected = template.parameters.map((p, i) =>
    template.parameterFormat === 'positional' ? String(i + 1) : p.name,
  );
  const list = Array.isArray(given) ? (given as readonly CloudParameter[]) : undefined;
  if (template.parameterFormat === 'positional') {
    if (!list)
      throw new ParameterFormatError(template.name, 'parameters', 'a positional template takes an array of parameters');
    if (list.length !== expected.length) throw new ParameterMismatchError(template.name, expected.length, list.length);
    return new Map(list.map((p, i) => [String(i + 1), p]));
  }
  let entries: Array<[string, CloudParameter]>;
  if (list) {
    const unnamed = list.findIndex((p) => typeof p?.parameter_name !== 'string');
    if (unnamed >= 0)
      throw new ParameterFormatError(
        template.name,
        `parameters[${unnamed}]`,
        'a named template needs parameter_name on every parameter',
      );
    entries = list.map((p) => [p.parameter_name as string, p]);
  } else {
    entries = Object.entries(given as Readonly<Record<string, CloudParameter>>);
  }
  const names = entries.map(([name]) => name);
  const missing = expected.filter((n) => !names.includes(n));
  const unexpected = names.filter((n, i) => !expected.includes(n) || names.indexOf(n) !== i);
  if (entries.length !== expected.length || missing.length > 0 || unexpected.length > 0) {
    const problem = [
      missing.length ? `missing ${missing.join(', ')}` : '',
      unexpected.length ? `unexpected ${unexpected.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    throw new ParameterMismatchError(template.name, expected.length, entries.length, problem || undefined);
  }
  return new Map(entries);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
