import type { RuleContext } from './check-actions.ts';
import type { JsonNode, JsonObject } from './json-ast.ts';
import type { Visit } from './flow-model.ts';
import { atLeast, expectKind, valueAt } from './nodes.ts';

/** Meta allows nesting up to 3 If components. */
const MAX_IF_DEPTH = 3;

/**
 * Components Meta's If and Switch sections leave out of their allowed lists, with the version that
 * lets them in (undefined: never). Only these are refused: components newer than the lists
 * (CalendarPicker, ImageCarousel…) were never discussed, so the validator does not guess
 * (docs/flow-validator.md, "Readings").
 */
const NOT_IN_IF: Readonly<Record<string, string | undefined>> = { RichText: undefined, ChipsSelector: '7.1' };
const NOT_IN_SWITCH: Readonly<Record<string, string | undefined>> = {
  ...NOT_IN_IF,
  If: undefined,
  Switch: undefined,
};

/** Rules that depend on where a component sits: inside which If or Switch, how deep. */
export function checkPlacement(ctx: RuleContext, visit: Visit): void {
  const { reporter, model } = ctx;
  if (visit.branchOf) {
    const banned = visit.branchOf === 'If' ? NOT_IN_IF : NOT_IN_SWITCH;
    if (visit.type in banned) {
      const since = banned[visit.type];
      if (since === undefined || !atLeast(model.version, since)) {
        const when = since === undefined ? '' : ` before Flow JSON ${since}`;
        reporter.add(
          'COMPONENT_NOT_ALLOWED_IN_BRANCH',
          `${visit.type} cannot be used inside ${visit.branchOf}${when}.`,
          valueAt(visit.node, 'type') ?? visit.node,
        );
      }
    }
  }
  // Meta: a Footer may sit in an If only at the first level, never in an If inside an If.
  if (visit.type === 'Footer' && visit.ifDepth >= 2) {
    reporter.add(
      'IF_FOOTER_NESTED',
      'A Footer may be inside an If only at the first level, not in a nested If.',
      visit.node,
    );
  }
}

/** If: a dynamic condition, non-empty `then`, a Footer in one branch needs one in the other, at most 3 deep. */
export function checkIf(ctx: RuleContext, node: JsonObject, depth: number): void {
  const { reporter } = ctx;
  if (depth >= MAX_IF_DEPTH) {
    reporter.add('IF_NESTING_TOO_DEEP', `If components may be nested at most ${MAX_IF_DEPTH} levels deep.`, node);
  }
  const condition = valueAt(node, 'condition');
  // Meta: the condition may use literals but must hold at least one `${data…}` or `${form…}` value.
  if (condition?.kind === 'string' && !condition.value.includes('${')) {
    reporter.add(
      'IF_CONDITION_STATIC',
      'An If condition must reference at least one dynamic value (a data or form binding); literals alone are refused.',
      condition,
    );
  } else {
    expectKind(reporter, condition, ['string'], "An If 'condition'");
  }
  const then = valueAt(node, 'then');
  const otherwise = valueAt(node, 'else');
  for (const branch of [then, otherwise]) {
    if (branch?.kind === 'array' && branch.items.length === 0) {
      reporter.add('EMPTY_BRANCH', 'An If branch must contain at least one component.', branch);
    }
  }
  if (hasFooter(then) !== hasFooter(otherwise)) {
    reporter.add('IF_FOOTER_MISMATCH', 'A Footer inside an If must appear in both then and else.', otherwise ?? node);
  }
}

export function checkSwitch(ctx: RuleContext, node: JsonObject): void {
  const cases = valueAt(node, 'cases');
  if (!expectKind(ctx.reporter, cases, ['object'], "Switch 'cases'") || cases?.kind !== 'object') return;
  if (cases.members.length === 0) ctx.reporter.add('EMPTY_BRANCH', "Switch 'cases' cannot be empty.", cases);
}

function hasFooter(branch: JsonNode | undefined): boolean {
  return (
    branch?.kind === 'array' &&
    branch.items.some((c) => {
      const type = valueAt(c, 'type');
      return type?.kind === 'string' && type.value === 'Footer';
    })
  );
}
