import type { JsonMember, JsonNode, JsonObject, JsonString, Span } from './json-ast.ts';
import type { Reporter } from './report.ts';

/** The member named `key`, if the node is an object that has it (the first one when duplicated). */
export function memberOf(node: JsonNode | undefined, key: string): JsonMember | undefined {
  return node?.kind === 'object' ? node.members.find((m) => m.key === key) : undefined;
}

/** The value under `key`, if any. */
export function valueAt(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return memberOf(node, key)?.value;
}

/** Where a key is written: used to point at a key rather than its (possibly long) value. */
export function keyLocation(member: JsonMember): { span: Span; pointer: string } {
  return { span: member.keySpan, pointer: member.value.pointer };
}

/** A string is dynamic when it binds data (`${…}`) or is a nested expression in backticks (6.0+). */
export function isDynamic(value: string): boolean {
  return value.includes('${') || value.trimStart().startsWith('`');
}

/** The static string under `key`; undefined when absent, not a string, or dynamic. */
export function staticString(node: JsonNode | undefined, key: string): JsonString | undefined {
  const value = valueAt(node, key);
  return value?.kind === 'string' && !isDynamic(value.value) ? value : undefined;
}

/** Reports `MISSING_REQUIRED_PROPERTY` for each absent key; true when all are present. */
export function requireKeys(reporter: Reporter, node: JsonObject, keys: readonly string[], what: string): boolean {
  let ok = true;
  for (const key of keys) {
    if (memberOf(node, key)) continue;
    reporter.add('MISSING_REQUIRED_PROPERTY', `${what} is missing the required property '${key}'.`, node);
    ok = false;
  }
  return ok;
}

/** Reports `INVALID_PROPERTY_TYPE` unless the value has one of the expected JSON kinds. */
export function expectKind(
  reporter: Reporter,
  value: JsonNode | undefined,
  kinds: ReadonlyArray<JsonNode['kind']>,
  what: string,
): boolean {
  if (value === undefined || kinds.includes(value.kind)) return true;
  reporter.add('INVALID_PROPERTY_TYPE', `${what} must be ${kinds.join(' or ')}, found ${value.kind}.`, value);
  return false;
}

/** A Flow JSON version as comparable numbers ("7.3" → [7, 3]). */
export interface FlowVersion {
  readonly major: number;
  readonly minor: number;
  readonly text: string;
}

/** Parses "M.m"; undefined for anything else. */
export function parseVersion(text: string): FlowVersion | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), text };
}

/** True when `version` is `min` or later. */
export function atLeast(version: FlowVersion, min: string): boolean {
  const floor = parseVersion(min);
  if (!floor) throw new Error(`bad version literal ${min}`);
  return version.major > floor.major || (version.major === floor.major && version.minor >= floor.minor);
}
