import { formatCurrency } from './currency.ts';
import { formatDateTimeComponents, formatInstant, type DateTimeComponents } from './datetime.ts';

/** A body parameter as the Cloud API takes it (docs/protocol.md §7, §8). */
export type CloudParameter =
  | { type: 'text'; text: string; parameter_name?: string }
  | {
      type: 'currency';
      currency: { fallback_value: string; code: string; amount_1000: number };
      parameter_name?: string;
    }
  | { type: 'date_time'; date_time: CloudDateTime; parameter_name?: string };

/**
 * `date_time` in any of the shapes Meta has documented: the components flat (docs/protocol.md §7), nested
 * under `component`, or the deprecated epoch (`unix_epoch: {timestamp}` or a flat `timestamp`).
 */
export type CloudDateTime = { fallback_value: string } & DateTimeComponents & {
    component?: DateTimeComponents;
    unix_epoch?: { timestamp: number };
    timestamp?: number;
  };

export interface Localized {
  readonly text: string;
  readonly warnings: readonly string[];
}

/** Why a parameter cannot be sent at all (as opposed to showing its fallback). */
export class MalformedParameter extends Error {
  constructor(
    message: string,
    readonly cloudCode = 132012,
  ) {
    super(message);
  }
}

const COMPONENT_KEYS = ['day_of_week', 'year', 'month', 'day_of_month', 'hour', 'minute', 'calendar'] as const;

/**
 * The text a customer reading `language` sees for one parameter: the localized value, or
 * `fallback_value` where the client could not localize. Epoch values are shown in `timeZone`
 * and add a deprecation warning. Throws `MalformedParameter` for shapes the Cloud API rejects.
 */
export function localizeParameter(language: string, parameter: CloudParameter, timeZone: string): Localized {
  const p = parameter as unknown as Record<string, unknown>;
  switch (p.type) {
    case 'text':
      return { text: checkText(p.text), warnings: [] };
    case 'currency': {
      const c = objectField(p, 'currency');
      const fallback = fallbackOf(c);
      // Both are required next to fallback_value (docs/protocol.md §8); an unknown code or an amount that is not a
      // safe integer still reaches the phone, which shows fallback_value.
      if (typeof c.code !== 'string' || c.amount_1000 === undefined || c.amount_1000 === null)
        throw new MalformedParameter('currency needs code (ISO 4217) and amount_1000 beside fallback_value');
      return { text: formatCurrency(language, c.code, c.amount_1000) ?? fallback, warnings: [] };
    }
    case 'date_time':
      return localizeDateTime(language, objectField(p, 'date_time'), timeZone);
    default:
      throw new MalformedParameter(`unknown parameter type ${JSON.stringify(p.type)}`);
  }
}

/** Text parameters: WhatsApp refuses empty ones and those with new lines, tabs or 5+ spaces (132018). */
export function checkText(text: unknown): string {
  if (typeof text !== 'string' || text.length === 0) throw new MalformedParameter('text must be a non-empty string');
  if (/[\n\t]| {5,}/.test(text))
    throw new MalformedParameter('text cannot hold new lines, tabs or more than 4 spaces in a row', 132018);
  return text;
}

function objectField(p: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = p[key];
  if (!value || typeof value !== 'object')
    throw new MalformedParameter(`${String(p.type)} parameter needs a "${key}" object`);
  return value as Record<string, unknown>;
}

function fallbackOf(o: Record<string, unknown>): string {
  if (typeof o.fallback_value !== 'string' || o.fallback_value.length === 0)
    throw new MalformedParameter('fallback_value is required');
  return o.fallback_value;
}

function localizeDateTime(language: string, d: Record<string, unknown>, timeZone: string): Localized {
  const fallback = fallbackOf(d);
  const nested = d.component as DateTimeComponents | undefined;
  const flat = COMPONENT_KEYS.some((k) => d[k] !== undefined);
  const epoch = d.unix_epoch !== undefined || d.timestamp !== undefined;
  if ([nested !== undefined, flat, epoch].filter(Boolean).length > 1) {
    throw new MalformedParameter('date_time takes either components or unix_epoch, not both');
  }
  if (epoch) {
    const seconds = d.timestamp ?? (d.unix_epoch as { timestamp?: unknown } | null)?.timestamp;
    const warnings = [
      'date_time.unix_epoch (timestamp) is deprecated: send date/time components instead (docs/protocol.md §8)',
    ];
    const valid = typeof seconds === 'number' && Number.isSafeInteger(seconds) && Math.abs(seconds) <= 8.64e12;
    return { text: valid ? formatInstant(language, new Date(seconds * 1000), timeZone) : fallback, warnings };
  }
  const components = nested ?? (d as DateTimeComponents);
  return { text: formatDateTimeComponents(language, components) ?? fallback, warnings: [] };
}
