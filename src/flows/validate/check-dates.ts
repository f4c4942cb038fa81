import type { RuleContext } from './check-actions.ts';
import type { JsonNode, JsonObject, JsonString } from './json-ast.ts';
import { atLeast, expectKind, isDynamic, staticString, valueAt } from './nodes.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A real calendar date written YYYY-MM-DD. */
function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * DatePicker dates are "YYYY-MM-DD" from Flow JSON 5.0 (earlier: millisecond timestamps as strings);
 * CalendarPicker always uses "YYYY-MM-DD". min-date must not be after max-date (docs/protocol.md §4).
 */
export function checkDates(ctx: RuleContext, type: string, node: JsonObject): void {
  const iso = type === 'CalendarPicker' || atLeast(ctx.model.version, '5.0');
  const check = (value: JsonString) => checkDate(ctx, type, value, iso);
  const min = staticString(node, 'min-date');
  const max = staticString(node, 'max-date');
  for (const value of [min, max]) if (value) check(value);
  const init = staticString(node, 'init-value');
  if (init && type === 'DatePicker') check(init);
  const unavailable = valueAt(node, 'unavailable-dates');
  if (
    unavailable &&
    !isDynamicString(unavailable) &&
    expectKind(ctx.reporter, unavailable, ['array'], `${type} 'unavailable-dates'`) &&
    unavailable.kind === 'array'
  ) {
    for (const item of unavailable.items) {
      if (item.kind === 'string' && !isDynamic(item.value)) check(item);
      else expectKind(ctx.reporter, item, ['string'], 'An unavailable date');
    }
  }
  if (min && max && iso && isIsoDate(min.value) && isIsoDate(max.value) && min.value > max.value) {
    ctx.reporter.add('INVALID_DATE_RANGE', `${type} 'max-date' ${max.value} is before 'min-date' ${min.value}.`, max);
  }
  const days = valueAt(node, 'include-days');
  if (days?.kind === 'array') {
    for (const day of days.items) {
      if (day.kind === 'string' && WEEKDAYS.includes(day.value)) continue;
      ctx.reporter.add('INVALID_ENUM_VALUE', `'include-days' entries must be one of ${WEEKDAYS.join(', ')}.`, day);
    }
  }
}

function checkDate(ctx: RuleContext, type: string, value: JsonString, iso: boolean): void {
  const ok = iso ? isIsoDate(value.value) : /^\d+$/.test(value.value);
  if (ok) return;
  const expected = iso ? 'a date written YYYY-MM-DD' : 'a timestamp in milliseconds';
  ctx.reporter.add('INVALID_DATE', `${type} expects ${expected}; found '${value.value}'.`, value);
}

function isDynamicString(node: JsonNode): boolean {
  return node.kind === 'string' && isDynamic(node.value);
}
