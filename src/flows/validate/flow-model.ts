import { COMPONENTS } from './component-specs.ts';
import type { JsonArray, JsonMember, JsonNode, JsonObject, JsonString } from './json-ast.ts';
import { valueAt, type FlowVersion } from './nodes.ts';

/** What the rules need to know about one screen, gathered once. */
export interface ScreenInfo {
  readonly index: number;
  readonly node: JsonObject;
  /** '' when the id is missing or not a string. */
  readonly id: string;
  readonly idNode: JsonString | undefined;
  readonly terminal: boolean;
  readonly dataFields: ReadonlyMap<string, JsonMember>;
  /** Names of the input components anywhere on the screen (what `${form.x}` may reference). */
  readonly fieldNames: ReadonlySet<string>;
  readonly children: JsonArray | undefined;
}

export interface FlowModel {
  readonly root: JsonObject;
  /** The declared version when valid, else the newest one, so later rules still run. */
  readonly version: FlowVersion;
  /** data_api_version is set: the Flow talks to an endpoint (docs/protocol.md §4). */
  readonly hasEndpoint: boolean;
  readonly screens: readonly ScreenInfo[];
  readonly byId: ReadonlyMap<string, ScreenInfo>;
}

/** A component reached while walking a screen, with how deep it sits inside `If`s. */
export interface Visit {
  readonly node: JsonObject;
  readonly type: string;
  readonly ifDepth: number;
  /** The nearest If or Switch whose branch holds the component (Forms are transparent). */
  readonly branchOf: 'If' | 'Switch' | undefined;
}

/** The child arrays a container component holds (Form children, If branches, Switch cases). */
export function childArrays(component: JsonObject): JsonArray[] {
  const type = valueAt(component, 'type');
  const name = type?.kind === 'string' ? type.value : '';
  const pick = (...nodes: Array<JsonNode | undefined>) => nodes.filter((n): n is JsonArray => n?.kind === 'array');
  if (name === 'Form') return pick(valueAt(component, 'children'));
  if (name === 'If') return pick(valueAt(component, 'then'), valueAt(component, 'else'));
  if (name === 'Switch') {
    const cases = valueAt(component, 'cases');
    return cases?.kind === 'object' ? pick(...cases.members.map((m) => m.value)) : [];
  }
  return [];
}

/** Calls `visit` for every component object under `children`, depth first, in document order. */
export function walkComponents(
  children: JsonArray | undefined,
  visit: (v: Visit) => void,
  ifDepth = 0,
  branchOf: Visit['branchOf'] = undefined,
): void {
  for (const item of children?.items ?? []) {
    if (item.kind !== 'object') continue;
    const type = valueAt(item, 'type');
    const typeName = type?.kind === 'string' ? type.value : '';
    visit({ node: item, type: typeName, ifDepth, branchOf });
    const depth = typeName === 'If' ? ifDepth + 1 : ifDepth;
    const inside = typeName === 'If' || typeName === 'Switch' ? typeName : branchOf;
    for (const nested of childArrays(item)) walkComponents(nested, visit, depth, inside);
  }
}

/**
 * How many matching components can render at once: the branches of an If or the cases of a
 * Switch are alternatives, so they count as their largest branch (Meta's Footer-in-If rule).
 */
export function countRendered(children: JsonArray | undefined, matches: (type: string) => boolean): number {
  let total = 0;
  for (const item of children?.items ?? []) {
    if (item.kind !== 'object') continue;
    const type = valueAt(item, 'type');
    const typeName = type?.kind === 'string' ? type.value : '';
    if (matches(typeName)) total++;
    const nested = childArrays(item).map((arr) => countRendered(arr, matches));
    if (typeName === 'Form') total += nested.reduce((a, b) => a + b, 0);
    else if (nested.length > 0) total += Math.max(...nested);
  }
  return total;
}

/** Builds the per-screen summary; tolerant of malformed screens (structure rules report those). */
export function describeScreen(node: JsonObject, index: number): ScreenInfo {
  const idValue = valueAt(node, 'id');
  const idNode = idValue?.kind === 'string' ? idValue : undefined;
  const terminal = valueAt(node, 'terminal');
  const data = valueAt(node, 'data');
  const layout = valueAt(node, 'layout');
  const children = valueAt(layout, 'children');
  const childArray = children?.kind === 'array' ? children : undefined;
  const fieldNames = new Set<string>();
  walkComponents(childArray, ({ node: component, type }) => {
    const name = valueAt(component, 'name');
    if (COMPONENTS[type]?.input && name?.kind === 'string') fieldNames.add(name.value);
  });
  return {
    index,
    node,
    id: idNode?.value ?? '',
    idNode,
    terminal: terminal?.kind === 'boolean' && terminal.value,
    dataFields: new Map(data?.kind === 'object' ? data.members.map((m) => [m.key, m]) : []),
    fieldNames,
    children: childArray,
  };
}
