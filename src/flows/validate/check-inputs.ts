import type { RuleContext } from './check-actions.ts';
import type { JsonObject } from './json-ast.ts';
import { atLeast, isDynamic, keyLocation, memberOf, valueAt } from './nodes.ts';

/** Input types a TextInput `pattern` applies to (Meta's components reference, TextInput). */
const PATTERN_INPUT_TYPES = new Set(['text', 'number', 'password', 'passcode']);

/**
 * Footer captions: `center-caption` alone, or `left-caption` with `right-caption`, never all three.
 * Read as: center excludes both sides (docs/flow-validator.md, "Readings").
 */
export function checkFooterCaptions(ctx: RuleContext, node: JsonObject): void {
  const center = memberOf(node, 'center-caption');
  const sides = ['left-caption', 'right-caption'].filter((key) => memberOf(node, key));
  if (center && sides.length > 0) {
    ctx.reporter.add(
      'FOOTER_CAPTIONS_CONFLICT',
      `A Footer takes center-caption alone or left-caption and right-caption; this one also has ${sides.join(' and ')}.`,
      keyLocation(center),
    );
  }
}

/**
 * TextInput `pattern` (Flow JSON 6.2+): needs `helper-text` to tell the customer the rule, applies to
 * text, number, password and passcode inputs only, and a static one must be a regular expression.
 */
export function checkPattern(ctx: RuleContext, node: JsonObject): void {
  const { reporter, model } = ctx;
  const pattern = memberOf(node, 'pattern');
  if (!pattern) return;
  const at = keyLocation(pattern);
  if (!memberOf(node, 'helper-text')) {
    reporter.add(
      'PATTERN_WITHOUT_HELPER_TEXT',
      "A TextInput with 'pattern' must have 'helper-text' saying what the pattern expects.",
      at,
    );
  }
  if (!atLeast(model.version, '6.2')) {
    reporter.add(
      'INVALID_PATTERN',
      `TextInput 'pattern' needs Flow JSON 6.2 or later (this Flow is ${model.version.text}).`,
      at,
    );
  }
  const inputType = valueAt(node, 'input-type');
  if (inputType?.kind === 'string' && !isDynamic(inputType.value) && !PATTERN_INPUT_TYPES.has(inputType.value)) {
    reporter.add(
      'INVALID_PATTERN',
      `TextInput 'pattern' applies to input-type ${[...PATTERN_INPUT_TYPES].join(', ')}, not '${inputType.value}'.`,
      at,
    );
  }
  const value = pattern.value;
  if (value.kind === 'string' && !isDynamic(value.value) && !compiles(value.value)) {
    reporter.add('INVALID_PATTERN', `TextInput 'pattern' is not a regular expression: ${value.value}`, value);
  }
}

function compiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
