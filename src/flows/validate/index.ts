import type { RuleContext } from './check-actions.ts';
import { checkRouting, type RoutingGraph } from './check-routing.ts';
import { checkScreenContents } from './check-screen.ts';
import { checkNoNulls, checkScreens, checkTopLevel } from './check-structure.ts';
import type { FlowModel } from './flow-model.ts';
import { JsonSyntaxError, parseJsonWithPositions, type JsonObject } from './json-ast.ts';
import { keyLocation, memberOf } from './nodes.ts';
import { Reporter, type ValidationError } from './report.ts';

export { ERROR_CODES, type ErrorCode, type ErrorType, type ValidationError } from './report.ts';

/** Meta caps the Flow JSON content at 10 MB (docs/protocol.md §4). */
export const MAX_FLOW_JSON_BYTES = 10 * 1024 * 1024;

export interface FlowJsonValidation {
  readonly ok: boolean;
  readonly errors: ValidationError[];
}

/**
 * Validates Flow JSON text the way Meta's asset upload does, offline: every problem is reported
 * with a stable code, a JSON pointer and the line/column span in `text` (docs/protocol.md §3–§5).
 * Pure: no I/O, never throws for bad input.
 */
export function validateFlowJson(text: string): FlowJsonValidation {
  const reporter = new Reporter();
  let parsed: ReturnType<typeof parseJsonWithPositions>;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const at = error.position;
    reporter.add('INVALID_JSON', `Not valid JSON: ${error.message}.`, {
      span: { start: at, end: { ...at, column: at.column + 1, offset: at.offset + 1 } },
      pointer: '',
    });
    return result(reporter);
  }
  const { root, duplicateKeys } = parsed;
  if (Buffer.byteLength(text, 'utf8') > MAX_FLOW_JSON_BYTES) {
    reporter.add('FLOW_JSON_TOO_LARGE', `Flow JSON exceeds ${MAX_FLOW_JSON_BYTES} bytes.`, root);
  }
  for (const dup of duplicateKeys) {
    reporter.add('DUPLICATE_KEY', `Property '${dup.key}' appears more than once in the same object.`, {
      span: dup.keySpan,
      pointer: dup.pointer,
    });
  }
  if (root.kind !== 'object') {
    reporter.add('INVALID_ROOT', 'Flow JSON must be an object.', root);
    return result(reporter);
  }
  checkNoNulls(reporter, root);
  checkFlow(reporter, root);
  return result(reporter);
}

function checkFlow(reporter: Reporter, root: JsonObject): void {
  const version = checkTopLevel(reporter, root);
  const hasEndpoint = memberOf(root, 'data_api_version') !== undefined;
  const screens = checkScreens(reporter, root, hasEndpoint, version);
  const byId = new Map(screens.filter((s) => s.idNode).map((s) => [s.id, s] as const));
  const model: FlowModel = { root, version, hasEndpoint, screens, byId };
  const routing = memberOf(root, 'routing_model');
  const graph: RoutingGraph | undefined = routing ? checkRouting(reporter, model, routing.value) : undefined;
  const ctx: RuleContext = { reporter, model, graph, dataExchanges: [] };
  for (const screen of screens) checkScreenContents(ctx, screen);
  if (screens.length > 0 && !screens.some((s) => s.terminal)) {
    reporter.add(
      'NO_TERMINAL_SCREEN',
      'At least one screen must be terminal ("terminal": true).',
      memberOf(root, 'screens')?.value ?? root,
    );
  }
  checkEndpointRequirements(ctx, root);
}

/** An endpoint Flow (data_exchange, or data_api_version set) needs both data_api_version and routing_model. */
function checkEndpointRequirements(ctx: RuleContext, root: JsonObject): void {
  const api = memberOf(root, 'data_api_version');
  const routing = memberOf(root, 'routing_model');
  const firstExchange = ctx.dataExchanges[0];
  if (firstExchange && !api) {
    ctx.reporter.add(
      'MISSING_DATA_API_VERSION',
      'A data_exchange action needs a data endpoint: set "data_api_version": "3.0".',
      firstExchange,
    );
  }
  if (!routing && (api || firstExchange)) {
    const at = api ? keyLocation(api) : (firstExchange as NonNullable<typeof firstExchange>);
    ctx.reporter.add('MISSING_ROUTING_MODEL', 'A Flow with a data endpoint must declare routing_model.', at);
  }
}

function result(reporter: Reporter): FlowJsonValidation {
  const errors = [...reporter.errors].sort(
    (a, b) => a.line_start - b.line_start || a.column_start - b.column_start || a.error.localeCompare(b.error),
  );
  return { ok: errors.length === 0, errors };
}
