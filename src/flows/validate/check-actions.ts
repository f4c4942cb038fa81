import { ACTION_SINCE, type ActionName, type ActionSlot } from './component-specs.ts';
import type { JsonNode } from './json-ast.ts';
import type { FlowModel, ScreenInfo } from './flow-model.ts';
import type { RoutingGraph } from './check-routing.ts';
import { atLeast, expectKind, keyLocation, requireKeys, valueAt } from './nodes.ts';
import type { Reporter } from './report.ts';

/** Shared state for the per-screen rules. */
export interface RuleContext {
  readonly reporter: Reporter;
  readonly model: FlowModel;
  /** routing_model as a graph; undefined when the Flow has none (Meta derives it from navigate actions). */
  readonly graph: RoutingGraph | undefined;
  /** Every data_exchange action seen, so the endpoint requirements can be pointed at one. */
  readonly dataExchanges: JsonNode[];
}

/** Checks one action object (`on-click-action`, `on-select-action`, `on-unselect-action`). */
export function checkAction(
  ctx: RuleContext,
  screen: ScreenInfo,
  owner: string,
  slot: ActionSlot,
  allowed: readonly ActionName[],
  action: JsonNode,
): void {
  const { reporter, model } = ctx;
  if (!expectKind(reporter, action, ['object'], `'${slot}'`) || action.kind !== 'object') return;
  if (!requireKeys(reporter, action, ['name'], `The ${owner} '${slot}'`)) return;
  const nameNode = valueAt(action, 'name');
  if (!expectKind(reporter, nameNode, ['string'], 'An action name') || nameNode?.kind !== 'string') return;
  const name = nameNode.value;
  if (!(name in ACTION_SINCE)) {
    reporter.add('UNKNOWN_ACTION', `Unknown action '${name}'.`, nameNode);
    return;
  }
  const known = name as ActionName;
  if (!atLeast(model.version, ACTION_SINCE[known])) {
    reporter.add(
      'ACTION_NOT_IN_VERSION',
      `The '${known}' action needs Flow JSON ${ACTION_SINCE[known]} or later (this Flow is ${model.version.text}).`,
      nameNode,
    );
  }
  if (!allowed.includes(known)) {
    reporter.add('ACTION_NOT_ALLOWED', `${owner} '${slot}' accepts ${allowed.join(', ')}, not '${known}'.`, nameNode);
  }
  const payload = valueAt(action, 'payload');
  expectKind(reporter, payload, ['object'], "An action's 'payload'");
  if (known === 'complete' && !screen.terminal) {
    reporter.add(
      'COMPLETE_ON_NON_TERMINAL',
      `'complete' is allowed only on terminal screens ('${screen.id}' is not).`,
      nameNode,
    );
  }
  if (known === 'data_exchange') ctx.dataExchanges.push(nameNode);
  if (known === 'navigate') checkNavigate(ctx, screen, action);
  if (known === 'open_url') requireKeys(reporter, action, ['url'], "The 'open_url' action");
  if (known === 'update_data' && payload?.kind === 'object') {
    for (const member of payload.members) {
      if (screen.dataFields.has(member.key)) continue;
      reporter.add(
        'UNDECLARED_DATA_REFERENCE',
        `update_data sets '${member.key}', which is not declared in the data of '${screen.id}'.`,
        keyLocation(member),
      );
    }
  }
}

/** navigate → an existing other screen, and (with an endpoint) a transition routing_model allows. */
function checkNavigate(ctx: RuleContext, screen: ScreenInfo, action: JsonNode): void {
  const { reporter, model, graph } = ctx;
  if (action.kind !== 'object' || !requireKeys(reporter, action, ['next'], "The 'navigate' action")) return;
  const next = valueAt(action, 'next');
  if (!expectKind(reporter, next, ['object'], "'next'") || next?.kind !== 'object') return;
  if (!requireKeys(reporter, next, ['type', 'name'], "'next'")) return;
  const type = valueAt(next, 'type');
  if (type?.kind !== 'string' || type.value !== 'screen') {
    reporter.add('INVALID_ENUM_VALUE', "'next.type' must be 'screen'.", type ?? next);
  }
  const target = valueAt(next, 'name');
  if (!expectKind(reporter, target, ['string'], "'next.name'") || target?.kind !== 'string') return;
  if (!model.byId.has(target.value)) {
    reporter.add('NAVIGATE_UNKNOWN_SCREEN', `navigate targets '${target.value}', which is not a screen.`, target);
  } else if (target.value === screen.id) {
    reporter.add('NAVIGATE_SELF', `'${screen.id}' cannot navigate to itself.`, target);
  } else if (graph && !graph.get(screen.id)?.has(target.value)) {
    reporter.add(
      'NAVIGATE_NOT_IN_ROUTING_MODEL',
      `routing_model does not allow '${screen.id}' → '${target.value}'.`,
      target,
    );
  }
  const targetScreen = model.byId.get(target.value);
  if (targetScreen && atLeast(model.version, '7.3'))
    checkNavigatePayload(ctx, targetScreen, valueAt(action, 'payload'));
}

/** 7.3 checks the data model across screens: what navigate hands over must be declared by the target. */
function checkNavigatePayload(ctx: RuleContext, target: ScreenInfo, payload: JsonNode | undefined): void {
  if (payload?.kind !== 'object') return;
  for (const member of payload.members) {
    if (target.dataFields.has(member.key)) continue;
    ctx.reporter.add(
      'NAVIGATE_PAYLOAD_UNDECLARED',
      `navigate passes '${member.key}', which '${target.id}' does not declare in its data.`,
      keyLocation(member),
    );
  }
}
