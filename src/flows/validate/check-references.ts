import type { RuleContext } from './check-actions.ts';
import type { JsonNode, JsonString } from './json-ast.ts';
import type { ScreenInfo } from './flow-model.ts';
import { atLeast } from './nodes.ts';

const BINDING = /\$\{([^}]*)\}/g;
const FIELD = '([A-Za-z0-9_-]+)';
const LOCAL = new RegExp(`^(data|form)\\.${FIELD}(?:\\.[^.].*)?$`);
const GLOBAL = new RegExp(`^screen\\.([A-Za-z_]+)\\.(data|form)\\.${FIELD}(?:\\.[^.].*)?$`);

/**
 * Every `${…}` in a screen's title and layout must resolve (docs/protocol.md §4): `${data.x}` to the screen's
 * `data`, `${form.x}` to an input on the screen, `${screen.S.data|form.x}` (4.0+) to screen S.
 */
export function checkReferences(ctx: RuleContext, screen: ScreenInfo): void {
  for (const member of screen.node.members) {
    if (member.key === 'title' || member.key === 'layout')
      visitStrings(member.value, (s) => checkString(ctx, screen, s));
  }
}

function visitStrings(node: JsonNode, visit: (s: JsonString) => void): void {
  if (node.kind === 'string') visit(node);
  else if (node.kind === 'array') for (const item of node.items) visitStrings(item, visit);
  else if (node.kind === 'object') for (const m of node.members) visitStrings(m.value, visit);
}

function checkString(ctx: RuleContext, screen: ScreenInfo, node: JsonString): void {
  for (const match of node.value.matchAll(BINDING)) {
    const expression = (match[1] ?? '').trim();
    const local = LOCAL.exec(expression);
    if (local) {
      checkField(ctx, screen, local[1] as 'data' | 'form', local[2] as string, node, expression);
      continue;
    }
    const global = GLOBAL.exec(expression);
    if (!global) {
      ctx.reporter.add('INVALID_REFERENCE', `'\${${expression}}' is not a data, form or screen reference.`, node);
      continue;
    }
    if (!atLeast(ctx.model.version, '4.0')) {
      ctx.reporter.add('GLOBAL_REFERENCE_NOT_IN_VERSION', 'Screen references need Flow JSON 4.0 or later.', node);
    }
    const target = ctx.model.byId.get(global[1] as string);
    if (!target) {
      ctx.reporter.add(
        'UNKNOWN_SCREEN_REFERENCE',
        `'\${${expression}}' names screen '${global[1]}', which does not exist.`,
        node,
      );
      continue;
    }
    checkField(ctx, target, global[2] as 'data' | 'form', global[3] as string, node, expression);
  }
}

function checkField(
  ctx: RuleContext,
  screen: ScreenInfo,
  store: 'data' | 'form',
  field: string,
  node: JsonString,
  expression: string,
): void {
  if (store === 'data' && !screen.dataFields.has(field)) {
    ctx.reporter.add(
      'UNDECLARED_DATA_REFERENCE',
      `'\${${expression}}': '${field}' is not declared in the data of '${screen.id}'.`,
      node,
    );
  } else if (store === 'form' && !screen.fieldNames.has(field)) {
    ctx.reporter.add(
      'UNKNOWN_FORM_REFERENCE',
      `'\${${expression}}': '${screen.id}' has no input named '${field}'.`,
      node,
    );
  }
}
