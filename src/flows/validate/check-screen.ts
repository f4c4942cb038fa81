import type { RuleContext } from './check-actions.ts';
import { checkComponent } from './check-components.ts';
import { checkReferences } from './check-references.ts';
import { COMPONENTS, MAX_COMPONENTS_PER_SCREEN, PER_SCREEN_CAPS } from './component-specs.ts';
import type { JsonArray, JsonObject } from './json-ast.ts';
import { childArrays, countRendered, walkComponents, type ScreenInfo, type Visit } from './flow-model.ts';
import { atLeast, valueAt } from './nodes.ts';

/** All rules that look at one screen's components as a whole, then each component, then references. */
export function checkScreenContents(ctx: RuleContext, screen: ScreenInfo): void {
  const visits: Visit[] = [];
  walkComponents(screen.children, (visit) => visits.push(visit));
  for (const visit of visits) checkComponent(ctx, screen, visit);
  checkCounts(ctx, screen, visits);
  checkNames(ctx, screen.children, new Set());
  checkReferences(ctx, screen);
}

function checkCounts(ctx: RuleContext, screen: ScreenInfo, visits: readonly Visit[]): void {
  const { reporter } = ctx;
  const where = screen.idNode ?? screen.node;
  const counted = visits.filter((v) => v.type !== 'Form');
  if (counted.length > MAX_COMPONENTS_PER_SCREEN) {
    const extra = counted[MAX_COMPONENTS_PER_SCREEN] as Visit;
    reporter.add(
      'TOO_MANY_COMPONENTS',
      `'${screen.id}' has ${counted.length} components; at most ${MAX_COMPONENTS_PER_SCREEN} are allowed.`,
      extra.node,
    );
  }
  for (const [type, cap] of Object.entries(PER_SCREEN_CAPS)) {
    const rendered = countRendered(screen.children, (t) => t === type);
    if (rendered <= cap.max) continue;
    const ofType = visits.filter((v) => v.type === type);
    const at = ofType[cap.max] ?? ofType[ofType.length - 1];
    reporter.add(
      cap.code,
      `'${screen.id}' shows ${rendered} ${type} components; at most ${cap.max} allowed.`,
      at?.node ?? where,
    );
  }
  const footers = countRendered(screen.children, (t) => t === 'Footer');
  if (screen.terminal && footers === 0) {
    reporter.add('TERMINAL_SCREEN_WITHOUT_FOOTER', `Terminal screen '${screen.id}' must have a Footer.`, where);
  }
  checkRichText(ctx, visits);
  const lists = visits.filter((v) => v.type === 'NavigationList');
  const first = lists[0];
  if (first && screen.terminal) {
    reporter.add('NAVIGATION_LIST_MISUSED', 'NavigationList cannot be used on a terminal screen.', first.node);
  }
  const others = counted.find((v) => v.type !== 'NavigationList');
  if (first && others) {
    reporter.add('NAVIGATION_LIST_MISUSED', 'NavigationList cannot share a screen with other components.', others.node);
  }
}

/** RichText stands alone on its screen; from Flow JSON 6.3 a Footer may join it (Meta's RichText note). */
function checkRichText(ctx: RuleContext, visits: readonly Visit[]): void {
  if (!visits.some((v) => v.type === 'RichText')) return;
  const footerAllowed = atLeast(ctx.model.version, '6.3');
  const other = visits.find(
    (v) => v.type !== 'RichText' && v.type !== 'Form' && !(footerAllowed && v.type === 'Footer'),
  );
  if (!other) return;
  ctx.reporter.add(
    'RICH_TEXT_NOT_ALONE',
    `RichText must be the only component on its screen${footerAllowed ? ' besides a Footer' : ' before Flow JSON 6.3'}; found ${other.type || 'a component'}.`,
    other.node,
  );
}

/**
 * Input names are unique on a screen; the branches of an If or the cases of a Switch are
 * alternatives, so the same name may appear once in each.
 */
function checkNames(ctx: RuleContext, children: JsonArray | undefined, scope: Set<string>): void {
  for (const item of children?.items ?? []) {
    if (item.kind !== 'object') continue;
    const typeNode = valueAt(item, 'type');
    const type = typeNode?.kind === 'string' ? typeNode.value : '';
    const name = valueAt(item, 'name');
    if (COMPONENTS[type]?.input && name?.kind === 'string') {
      if (scope.has(name.value)) {
        ctx.reporter.add(
          'DUPLICATE_COMPONENT_NAME',
          `Another input on this screen is already named '${name.value}'.`,
          name,
        );
      }
      scope.add(name.value);
    }
    checkNested(ctx, item, type, scope);
  }
}

function checkNested(ctx: RuleContext, item: JsonObject, type: string, scope: Set<string>): void {
  const nested = childArrays(item);
  if (type === 'Form') {
    for (const arr of nested) checkNames(ctx, arr, scope);
    return;
  }
  const union = new Set<string>();
  for (const arr of nested) {
    const branch = new Set(scope);
    checkNames(ctx, arr, branch);
    for (const n of branch) union.add(n);
  }
  for (const n of union) scope.add(n);
}
