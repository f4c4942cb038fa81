import { checkAction, type RuleContext } from './check-actions.ts';
import { checkDates } from './check-dates.ts';
import {
  COMPONENTS,
  MAX_TEXTAREA_LENGTH,
  OPTION_TEXT_LIMITS,
  type ActionSlot,
  type ComponentSpec,
} from './component-specs.ts';
import { checkIf, checkPlacement, checkSwitch } from './check-branches.ts';
import { checkFooterCaptions, checkPattern } from './check-inputs.ts';
import type { JsonObject, JsonString } from './json-ast.ts';
import type { ScreenInfo, Visit } from './flow-model.ts';
import { atLeast, expectKind, isDynamic, keyLocation, requireKeys, staticString, valueAt } from './nodes.ts';

const ACTION_SLOTS: readonly ActionSlot[] = ['on-click-action', 'on-select-action', 'on-unselect-action'];
const TEXT_COMPONENTS = new Set(['TextHeading', 'TextSubheading', 'TextBody', 'TextCaption', 'EmbeddedLink']);

/** Checks one component against its spec: type, version, properties, limits, actions. */
export function checkComponent(ctx: RuleContext, screen: ScreenInfo, visit: Visit): void {
  const { reporter, model } = ctx;
  const { node } = visit;
  if (!requireKeys(reporter, node, ['type'], 'A component')) return;
  const typeNode = valueAt(node, 'type');
  if (!expectKind(reporter, typeNode, ['string'], "A component's 'type'") || typeNode?.kind !== 'string') return;
  const spec = COMPONENTS[visit.type];
  if (!spec) {
    reporter.add('UNKNOWN_COMPONENT', `Unknown component type '${visit.type}'.`, typeNode);
    return;
  }
  if (!atLeast(model.version, spec.since)) {
    reporter.add(
      'COMPONENT_NOT_IN_VERSION',
      `${visit.type} needs Flow JSON ${spec.since} or later (this Flow is ${model.version.text}).`,
      typeNode,
    );
  }
  requireKeys(reporter, node, spec.required, visit.type);
  const laterRequired = Object.entries(spec.requiredSince ?? {}).filter(([, since]) => atLeast(model.version, since));
  requireKeys(
    reporter,
    node,
    laterRequired.map(([key]) => key),
    visit.type,
  );
  checkProperties(ctx, visit.type, spec, node);
  for (const slot of ACTION_SLOTS) {
    const action = valueAt(node, slot);
    if (!action) continue;
    const allowed = spec.actions?.[slot];
    if (!allowed) continue;
    checkAction(ctx, screen, visit.type, slot, allowed, action);
  }
  checkPlacement(ctx, visit);
  if (visit.type === 'If') checkIf(ctx, node, visit.ifDepth);
  if (visit.type === 'Footer') checkFooterCaptions(ctx, node);
  if (visit.type === 'TextInput') checkPattern(ctx, node);
  if (visit.type === 'Switch') checkSwitch(ctx, node);
  if (visit.type === 'TextArea') checkMaxLength(ctx, node);
  if (visit.type === 'DatePicker' || visit.type === 'CalendarPicker') checkDates(ctx, visit.type, node);
  if (spec.options) checkOptions(ctx, visit.type, spec.options, node);
}

function checkProperties(ctx: RuleContext, type: string, spec: ComponentSpec, node: JsonObject): void {
  const { reporter } = ctx;
  for (const member of node.members) {
    if (member.key === 'type' || spec.allowed === null || spec.allowed.includes(member.key)) continue;
    reporter.add('UNKNOWN_COMPONENT_PROPERTY', `${type} has no property '${member.key}'.`, keyLocation(member));
  }
  for (const [key, limit] of Object.entries(spec.textLimits ?? {})) {
    const text = staticString(node, key);
    if (text) checkLength(ctx, text, limit, `${type} '${key}'`);
  }
  if (TEXT_COMPONENTS.has(type)) {
    const text = valueAt(node, 'text');
    if (text?.kind === 'string' && text.value.trim() === '') {
      reporter.add('EMPTY_TEXT', `${type} 'text' cannot be empty or blank.`, text);
    }
  }
  for (const [key, values] of Object.entries(spec.enums ?? {})) {
    const value = staticString(node, key);
    if (value && !values.includes(value.value)) {
      reporter.add(
        'INVALID_ENUM_VALUE',
        `${type} '${key}' must be one of ${values.join(', ')}; found '${value.value}'.`,
        value,
      );
    }
  }
}

/** Static text must fit Meta's character limits (counted in Unicode characters). */
function checkLength(ctx: RuleContext, text: JsonString, limit: number, what: string): void {
  const length = [...text.value].length;
  if (length > limit) {
    ctx.reporter.add('TEXT_TOO_LONG', `${what} is ${length} characters; the limit is ${limit}.`, text);
  }
}

function checkMaxLength(ctx: RuleContext, node: JsonObject): void {
  const value = valueAt(node, 'max-length');
  if (!value || (value.kind === 'string' && isDynamic(value.value))) return;
  const n = value.kind === 'number' ? value.value : value.kind === 'string' ? Number(value.value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_TEXTAREA_LENGTH) {
    ctx.reporter.add(
      'LIMIT_EXCEEDED',
      `TextArea 'max-length' must be a whole number from 1 to ${MAX_TEXTAREA_LENGTH}.`,
      value,
    );
  }
}

/** A static option list: size within the component's range, unique ids, option text limits. */
function checkOptions(
  ctx: RuleContext,
  type: string,
  range: NonNullable<ComponentSpec['options']>,
  node: JsonObject,
): void {
  const { reporter } = ctx;
  const list = valueAt(node, range.key);
  if (!list || (list.kind === 'string' && isDynamic(list.value))) return;
  if (!expectKind(reporter, list, ['array'], `${type} '${range.key}'`) || list.kind !== 'array') return;
  // Meta halves the Dropdown's limit when any option carries an image.
  const withImages = range.maxWithImages !== undefined && list.items.some((item) => valueAt(item, 'image'));
  const max = withImages ? (range.maxWithImages as number) : range.max;
  if (list.items.length < range.min || list.items.length > max) {
    reporter.add(
      'OPTIONS_COUNT_OUT_OF_RANGE',
      `${type} '${range.key}' has ${list.items.length} entries; it needs ${range.min} to ${max}${
        withImages ? ' when options have images' : ''
      }.`,
      list,
    );
  }
  if (range.key !== 'data-source') return;
  const ids = new Set<string>();
  for (const item of list.items) {
    if (!expectKind(reporter, item, ['object'], `A ${type} option`) || item.kind !== 'object') continue;
    requireKeys(reporter, item, ['id', 'title'], `A ${type} option`);
    const id = valueAt(item, 'id');
    if (id?.kind === 'string') {
      if (ids.has(id.value)) reporter.add('DUPLICATE_OPTION_ID', `${type} option id '${id.value}' is used twice.`, id);
      ids.add(id.value);
    }
    for (const [key, limit] of Object.entries(OPTION_TEXT_LIMITS)) {
      const text = staticString(item, key);
      if (text) checkLength(ctx, text, limit, `A ${type} option '${key}'`);
    }
  }
}
