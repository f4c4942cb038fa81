import type { JsonNode, JsonObject } from './json-ast.ts';
import type { FlowModel } from './flow-model.ts';
import { expectKind, keyLocation } from './nodes.ts';
import type { Reporter } from './report.ts';

/** Meta's routing rules (Flow JSON reference, "Routing rules"; docs/protocol.md §4). */
const MAX_BRANCHES_PER_SCREEN = 10;

/** Allowed transitions: screen id → the screens it may go to. */
export type RoutingGraph = ReadonlyMap<string, ReadonlySet<string>>;

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly at: JsonNode;
}

/**
 * Checks `routing_model` against the screens and Meta's graph rules; returns the graph so that
 * navigate actions can be checked against it.
 */
export function checkRouting(reporter: Reporter, model: FlowModel, routing: JsonNode): RoutingGraph {
  const graph = new Map<string, Set<string>>();
  if (!expectKind(reporter, routing, ['object'], "'routing_model'") || routing.kind !== 'object') return graph;
  const edges = readEdges(reporter, model, routing);
  for (const edge of edges) {
    const targets = graph.get(edge.from) ?? new Set<string>();
    targets.add(edge.to);
    graph.set(edge.from, targets);
  }
  checkCycles(reporter, graph, edges);
  const entries = checkEntry(reporter, model, graph, routing);
  checkTermination(reporter, model, graph, entries);
  return graph;
}

function readEdges(reporter: Reporter, model: FlowModel, routing: JsonObject): Edge[] {
  const edges: Edge[] = [];
  for (const member of routing.members) {
    const from = member.key;
    if (!model.byId.has(from)) {
      reporter.add(
        'ROUTING_UNKNOWN_SCREEN',
        `routing_model names screen '${from}', which does not exist.`,
        keyLocation(member),
      );
    }
    const targets = member.value;
    if (!expectKind(reporter, targets, ['array'], `The routes of '${from}'`) || targets.kind !== 'array') continue;
    if (targets.items.length > MAX_BRANCHES_PER_SCREEN) {
      reporter.add(
        'ROUTING_TOO_MANY_BRANCHES',
        `'${from}' has ${targets.items.length} routes; at most ${MAX_BRANCHES_PER_SCREEN} are allowed.`,
        targets,
      );
    }
    for (const target of targets.items) {
      if (!expectKind(reporter, target, ['string'], 'A route target') || target.kind !== 'string') continue;
      if (target.value === from) {
        reporter.add('ROUTING_SELF_ROUTE', `'${from}' cannot route to itself.`, target);
      } else if (!model.byId.has(target.value)) {
        reporter.add('ROUTING_UNKNOWN_SCREEN', `Route target '${target.value}' is not a screen.`, target);
      } else if (model.byId.has(from)) {
        edges.push({ from, to: target.value, at: target });
      }
    }
  }
  return edges;
}

/** Only forward routes: A→B together with B→A is a back-edge; longer loops are cycles. */
function checkCycles(reporter: Reporter, graph: RoutingGraph, edges: readonly Edge[]): void {
  const reported = new Set<string>();
  for (const edge of edges) {
    const back = graph.get(edge.to)?.has(edge.from);
    const pair = [edge.from, edge.to].sort().join('|');
    if (back && !reported.has(pair)) {
      reported.add(pair);
      const later = edges.find((e) => e.from === edge.to && e.to === edge.from) ?? edge;
      reporter.add(
        'ROUTING_BACK_EDGE',
        `'${later.from}' → '${later.to}' is a back-edge: list only forward routes, the BACK button covers the return.`,
        later.at,
      );
    }
  }
  const state = new Map<string, 'open' | 'done'>();
  const visit = (screen: string): void => {
    state.set(screen, 'open');
    for (const edge of edges.filter((e) => e.from === screen)) {
      const next = state.get(edge.to);
      const isBackPair = graph.get(edge.to)?.has(edge.from);
      if (next === 'open' && !isBackPair) {
        reporter.add('ROUTING_CYCLE', `'${edge.from}' → '${edge.to}' closes a cycle in routing_model.`, edge.at);
      } else if (next === undefined) visit(edge.to);
    }
    state.set(screen, 'done');
  };
  for (const edge of edges) if (!state.has(edge.from)) visit(edge.from);
}

/** Exactly one entry screen: the one no route leads to. */
function checkEntry(reporter: Reporter, model: FlowModel, graph: RoutingGraph, routing: JsonObject): string[] {
  const inbound = new Set<string>();
  for (const targets of graph.values()) for (const t of targets) inbound.add(t);
  const entries = model.screens.filter((s) => s.idNode && !inbound.has(s.id));
  if (entries.length === 0) {
    reporter.add(
      'ROUTING_NO_ENTRY_SCREEN',
      'Every screen has an inbound route, so the Flow has no entry screen.',
      routing,
    );
  }
  for (const extra of entries.slice(1)) {
    reporter.add(
      'ROUTING_MULTIPLE_ENTRY_SCREENS',
      `'${extra.id}' has no inbound route, so it is a second entry screen besides '${entries[0]?.id}'.`,
      extra.idNode ?? extra.node,
    );
  }
  return entries.map((s) => s.id);
}

/** Every route must reach a terminal screen: no path from the entry may end on a non-terminal screen. */
function checkTermination(reporter: Reporter, model: FlowModel, graph: RoutingGraph, entries: readonly string[]): void {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const screen = model.byId.get(id);
    if (!screen || screen.terminal) continue;
    const next = graph.get(id);
    if (!next || next.size === 0) {
      reporter.add(
        'ROUTE_NOT_TERMINATED',
        `A route ends at '${id}', which is not terminal and has no routes onward.`,
        screen.idNode ?? screen.node,
      );
      continue;
    }
    queue.push(...next);
  }
}
