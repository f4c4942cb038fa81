import type { JsonNode, JsonObject } from './json-ast.ts';
import { describeScreen, type ScreenInfo } from './flow-model.ts';
import {
  atLeast,
  expectKind,
  keyLocation,
  memberOf,
  parseVersion,
  requireKeys,
  valueAt,
  type FlowVersion,
} from './nodes.ts';
import type { Reporter } from './report.ts';

/** Versions Meta lets you publish today (docs/protocol.md §4; Meta's changelog "currently supported versions"). */
const PUBLISHABLE_VERSIONS = ['5.1', '6.0', '6.1', '6.2', '6.3', '7.0', '7.1', '7.2', '7.3'] as const;
const NEWEST = parseVersion(PUBLISHABLE_VERSIONS[PUBLISHABLE_VERSIONS.length - 1] as string) as FlowVersion;

const TOP_LEVEL_KEYS = new Set(['version', 'screens', 'routing_model', 'data_api_version', 'data_channel_uri']);
const SCREEN_KEYS = new Set(['id', 'terminal', 'success', 'title', 'refresh_on_back', 'data', 'layout', 'sensitive']);
// Meta rejects digits and dashes in screen ids ("alphabets and underscores"); SUCCESS is reserved.
const SCREEN_ID = /^[A-Za-z_]+$/;
const DATA_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array']);

/** Reports every `null` (Meta accepts none, docs/protocol.md §4). */
export function checkNoNulls(reporter: Reporter, node: JsonNode): void {
  if (node.kind === 'null')
    reporter.add('NULL_VALUE', 'null is not allowed in Flow JSON; omit the property instead.', node);
  else if (node.kind === 'object') for (const m of node.members) checkNoNulls(reporter, m.value);
  else if (node.kind === 'array') for (const item of node.items) checkNoNulls(reporter, item);
}

/** Top-level properties: unknown keys, version, data_api_version, data_channel_uri. Returns the version to gate on. */
export function checkTopLevel(reporter: Reporter, root: JsonObject): FlowVersion {
  for (const member of root.members) {
    if (!TOP_LEVEL_KEYS.has(member.key)) {
      reporter.add('UNKNOWN_PROPERTY', `Unknown top-level property '${member.key}'.`, keyLocation(member));
    }
  }
  requireKeys(reporter, root, ['version', 'screens'], 'The Flow JSON');
  const version = checkVersion(reporter, valueAt(root, 'version'));
  const api = valueAt(root, 'data_api_version');
  if (api && expectKind(reporter, api, ['string'], "'data_api_version'") && api.kind === 'string') {
    const allowed = atLeast(version, '7.3') ? ['3.0', '4.0'] : ['3.0'];
    if (!allowed.includes(api.value)) {
      reporter.add(
        'INVALID_DATA_API_VERSION',
        `data_api_version '${api.value}' is not valid for Flow JSON ${version.text}; use ${allowed.join(' or ')}.`,
        api,
      );
    }
  }
  const uri = memberOf(root, 'data_channel_uri');
  if (uri && atLeast(version, '3.0')) {
    reporter.add(
      'DATA_CHANNEL_URI_NOT_SUPPORTED',
      'data_channel_uri is not supported from Flow JSON 3.0; set endpoint_uri through the Flows API.',
      keyLocation(uri),
    );
  }
  return version;
}

function checkVersion(reporter: Reporter, node: JsonNode | undefined): FlowVersion {
  if (!node || !expectKind(reporter, node, ['string'], "'version'") || node.kind !== 'string') return NEWEST;
  if (!(PUBLISHABLE_VERSIONS as readonly string[]).includes(node.value)) {
    reporter.add(
      'UNSUPPORTED_VERSION',
      `Flow JSON version '${node.value}' cannot be published; use one of ${PUBLISHABLE_VERSIONS.join(', ')}.`,
      node,
    );
  }
  return parseVersion(node.value) ?? NEWEST;
}

/** The screens array and each screen's own properties; returns the screens it could read. */
export function checkScreens(
  reporter: Reporter,
  root: JsonObject,
  hasEndpoint: boolean,
  version: FlowVersion,
): ScreenInfo[] {
  const screens = valueAt(root, 'screens');
  if (!screens || !expectKind(reporter, screens, ['array'], "'screens'") || screens.kind !== 'array') return [];
  if (screens.items.length === 0) reporter.add('EMPTY_SCREENS', "'screens' must contain at least one screen.", screens);
  const infos: ScreenInfo[] = [];
  const seen = new Set<string>();
  screens.items.forEach((item, index) => {
    if (!expectKind(reporter, item, ['object'], 'A screen') || item.kind !== 'object') return;
    const info = describeScreen(item, index);
    checkScreen(reporter, info, hasEndpoint, version);
    if (info.idNode && seen.has(info.id)) {
      reporter.add('DUPLICATE_SCREEN_ID', `Screen id '${info.id}' is used by more than one screen.`, info.idNode);
    }
    if (info.idNode) seen.add(info.id);
    infos.push(info);
  });
  return infos;
}

function checkScreen(reporter: Reporter, screen: ScreenInfo, hasEndpoint: boolean, version: FlowVersion): void {
  const { node } = screen;
  for (const member of node.members) {
    if (!SCREEN_KEYS.has(member.key)) {
      reporter.add('UNKNOWN_PROPERTY', `Unknown screen property '${member.key}'.`, keyLocation(member));
    }
  }
  requireKeys(reporter, node, ['id', 'layout'], 'A screen');
  const id = valueAt(node, 'id');
  if (id && expectKind(reporter, id, ['string'], 'A screen id') && id.kind === 'string') {
    if (id.value === 'SUCCESS') {
      reporter.add(
        'RESERVED_SCREEN_ID',
        "'SUCCESS' is reserved for completing the Flow and cannot be a screen id.",
        id,
      );
    } else if (!SCREEN_ID.test(id.value)) {
      reporter.add('INVALID_SCREEN_ID', `Screen id '${id.value}' may contain only letters and underscores.`, id);
    }
  }
  for (const key of ['terminal', 'success', 'refresh_on_back'])
    expectKind(reporter, valueAt(node, key), ['boolean'], `'${key}'`);
  expectKind(reporter, valueAt(node, 'title'), ['string'], "'title'");
  const success = memberOf(node, 'success');
  if (success && !screen.terminal) {
    reporter.add('SUCCESS_ON_NON_TERMINAL', "'success' applies only to terminal screens.", keyLocation(success));
  }
  const refresh = valueAt(node, 'refresh_on_back');
  if (refresh?.kind === 'boolean' && refresh.value && !hasEndpoint) {
    reporter.add(
      'REFRESH_ON_BACK_WITHOUT_ENDPOINT',
      "'refresh_on_back' needs a data endpoint (set data_api_version and routing_model).",
      refresh,
    );
  }
  checkSensitive(reporter, screen);
  checkLayout(reporter, valueAt(node, 'layout'));
  const data = valueAt(node, 'data');
  if (data && expectKind(reporter, data, ['object'], "A screen's 'data'") && data.kind === 'object') {
    for (const member of data.members) checkDataField(reporter, member.key, member.value, version);
  }
}

function checkSensitive(reporter: Reporter, screen: ScreenInfo): void {
  const sensitive = valueAt(screen.node, 'sensitive');
  if (!sensitive || !expectKind(reporter, sensitive, ['array'], "'sensitive'") || sensitive.kind !== 'array') return;
  for (const item of sensitive.items) {
    if (!expectKind(reporter, item, ['string'], "A 'sensitive' entry") || item.kind !== 'string') continue;
    if (!screen.fieldNames.has(item.value)) {
      reporter.add('SENSITIVE_UNKNOWN_FIELD', `'${item.value}' is not the name of an input on this screen.`, item);
    }
  }
}

function checkLayout(reporter: Reporter, layout: JsonNode | undefined): void {
  if (!layout || !expectKind(reporter, layout, ['object'], "'layout'") || layout.kind !== 'object') return;
  requireKeys(reporter, layout, ['type', 'children'], 'The layout');
  const type = valueAt(layout, 'type');
  if (type && (type.kind !== 'string' || type.value !== 'SingleColumnLayout')) {
    reporter.add('INVALID_LAYOUT_TYPE', "The only layout type is 'SingleColumnLayout'.", type);
  }
  expectKind(reporter, valueAt(layout, 'children'), ['array'], "The layout's 'children'");
}

/** One `data` declaration: a JSON-schema-like type plus a mandatory `__example__` of that type. */
function checkDataField(reporter: Reporter, name: string, field: JsonNode, version: FlowVersion): void {
  if (field.kind !== 'object') {
    reporter.add(
      'INVALID_DATA_DECLARATION',
      `Data field '${name}' must be an object with 'type' and '__example__'.`,
      field,
    );
    return;
  }
  const type = valueAt(field, 'type');
  if (type?.kind !== 'string' || !DATA_TYPES.has(type.value)) {
    reporter.add(
      'INVALID_DATA_DECLARATION',
      `Data field '${name}' needs a 'type' of ${[...DATA_TYPES].join(', ')}.`,
      type ?? field,
    );
    return;
  }
  // 7.3 validates the data model more strictly: an array says what its items are (docs/flow-validator.md).
  if (type.value === 'array' && atLeast(version, '7.3') && !memberOf(field, 'items')) {
    reporter.add(
      'DATA_ARRAY_WITHOUT_ITEMS',
      `Data field '${name}' is an array without 'items'; from Flow JSON 7.3 the item schema is required.`,
      field,
    );
  }
  const example = valueAt(field, '__example__');
  if (!example) {
    reporter.add('MISSING_EXAMPLE', `Data field '${name}' is missing its mandatory '__example__'.`, field);
    return;
  }
  if (!matchesType(example, type.value)) {
    reporter.add('EXAMPLE_TYPE_MISMATCH', `The '__example__' of '${name}' is not a ${type.value}.`, example);
    return;
  }
  const itemType = valueAt(valueAt(field, 'items'), 'type');
  if (example.kind === 'array' && itemType?.kind === 'string') {
    const bad = example.items.find((item) => !matchesType(item, itemType.value));
    if (bad)
      reporter.add('EXAMPLE_TYPE_MISMATCH', `An '__example__' item of '${name}' is not a ${itemType.value}.`, bad);
  }
}

function matchesType(value: JsonNode, type: string): boolean {
  if (type === 'integer') return value.kind === 'number' && Number.isInteger(value.value);
  return value.kind === type;
}
