import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { validateFlowJson, type ErrorCode } from '../../src/flows/validate/index.ts';

const dir = new URL('../fixtures/flows/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');

/** file → the error it must produce, where it starts (line:column) and its JSON pointer. */
const BROKEN: ReadonlyArray<readonly [string, ErrorCode, string, string]> = [
  ['invalid-json.json', 'INVALID_JSON', '4:1', ''],
  ['duplicate-key.json', 'DUPLICATE_KEY', '10:50', '/screens/0/layout/children/0/text'],
  ['null-value.json', 'NULL_VALUE', '10:61', '/screens/0/layout/children/0/visible'],
  ['unknown-top-level-property.json', 'UNKNOWN_PROPERTY', '3:3', '/name'],
  ['unsupported-version.json', 'UNSUPPORTED_VERSION', '2:14', '/version'],
  ['data-api-version-too-new.json', 'INVALID_DATA_API_VERSION', '3:23', '/data_api_version'],
  ['empty-screens.json', 'EMPTY_SCREENS', '3:14', '/screens'],
  ['screen-id-with-digits.json', 'INVALID_SCREEN_ID', '5:13', '/screens/0/id'],
  ['reserved-screen-id.json', 'RESERVED_SCREEN_ID', '5:13', '/screens/0/id'],
  ['duplicate-screen-id.json', 'DUPLICATE_SCREEN_ID', '12:13', '/screens/1/id'],
  ['bad-layout-type.json', 'INVALID_LAYOUT_TYPE', '7:27', '/screens/0/layout/type'],
  ['missing-example.json', 'MISSING_EXAMPLE', '8:21', '/screens/0/data/greeting'],
  ['example-type-mismatch.json', 'EXAMPLE_TYPE_MISMATCH', '8:56', '/screens/0/data/is_open/__example__'],
  ['no-terminal-screen.json', 'NO_TERMINAL_SCREEN', '3:14', '/screens'],
  ['missing-routing-model.json', 'MISSING_ROUTING_MODEL', '3:3', '/data_api_version'],
  [
    'data-exchange-without-endpoint.json',
    'MISSING_DATA_API_VERSION',
    '9:75',
    '/screens/0/layout/children/0/on-click-action/name',
  ],
  ['routing-unknown-screen.json', 'ROUTING_UNKNOWN_SCREEN', '4:32', '/routing_model/START/0'],
  ['routing-self-route.json', 'ROUTING_SELF_ROUTE', '4:32', '/routing_model/START/0'],
  ['routing-back-edge.json', 'ROUTING_BACK_EDGE', '4:48', '/routing_model/END/0'],
  ['routing-cycle.json', 'ROUTING_CYCLE', '4:75', '/routing_model/C/0'],
  ['routing-two-entries.json', 'ROUTING_MULTIPLE_ENTRY_SCREENS', '7:13', '/screens/1/id'],
  ['routing-not-terminated.json', 'ROUTE_NOT_TERMINATED', '7:13', '/screens/1/id'],
  ['routing-too-many-branches.json', 'ROUTING_TOO_MANY_BRANCHES', '4:31', '/routing_model/START'],
  ['terminal-without-footer.json', 'TERMINAL_SCREEN_WITHOUT_FOOTER', '5:13', '/screens/0/id'],
  [
    'navigate-not-in-routing-model.json',
    'NAVIGATE_NOT_IN_ROUTING_MODEL',
    '6:192',
    '/screens/0/layout/children/0/on-click-action/next/name',
  ],
  [
    'navigate-unknown-screen.json',
    'NAVIGATE_UNKNOWN_SCREEN',
    '6:192',
    '/screens/0/layout/children/0/on-click-action/next/name',
  ],
  [
    'complete-on-non-terminal.json',
    'COMPLETE_ON_NON_TERMINAL',
    '6:144',
    '/screens/0/layout/children/0/on-click-action/name',
  ],
  ['unknown-component.json', 'UNKNOWN_COMPONENT', '10:21', '/screens/0/layout/children/0/type'],
  ['component-too-new.json', 'COMPONENT_NOT_IN_VERSION', '10:21', '/screens/0/layout/children/0/type'],
  ['action-too-new.json', 'ACTION_NOT_IN_VERSION', '10:83', '/screens/0/layout/children/0/on-click-action/name'],
  ['action-not-allowed.json', 'ACTION_NOT_ALLOWED', '10:77', '/screens/0/layout/children/0/on-click-action/name'],
  ['missing-required-property.json', 'MISSING_REQUIRED_PROPERTY', '10:11', '/screens/0/layout/children/0'],
  ['unknown-component-property.json', 'UNKNOWN_COMPONENT_PROPERTY', '10:69', '/screens/0/layout/children/0/input_type'],
  ['heading-too-long.json', 'TEXT_TOO_LONG', '10:44', '/screens/0/layout/children/0/text'],
  ['footer-label-too-long.json', 'TEXT_TOO_LONG', '10:40', '/screens/0/layout/children/0/label'],
  ['empty-text.json', 'EMPTY_TEXT', '10:41', '/screens/0/layout/children/0/text'],
  ['too-many-components.json', 'TOO_MANY_COMPONENTS', '60:11', '/screens/0/layout/children/50'],
  ['two-footers.json', 'TOO_MANY_FOOTERS', '11:11', '/screens/0/layout/children/1'],
  ['too-many-opt-ins.json', 'TOO_MANY_OPT_INS', '15:11', '/screens/0/layout/children/5'],
  ['too-many-embedded-links.json', 'TOO_MANY_EMBEDDED_LINKS', '12:11', '/screens/0/layout/children/2'],
  ['dropdown-no-options.json', 'OPTIONS_COUNT_OUT_OF_RANGE', '10:93', '/screens/0/layout/children/0/data-source'],
  ['duplicate-component-name.json', 'DUPLICATE_COMPONENT_NAME', '11:42', '/screens/0/layout/children/1/name'],
  ['bad-input-type.json', 'INVALID_ENUM_VALUE', '10:79', '/screens/0/layout/children/0/input-type'],
  ['date-not-iso.json', 'INVALID_DATE', '10:78', '/screens/0/layout/children/0/min-date'],
  ['date-range-reversed.json', 'INVALID_DATE_RANGE', '10:104', '/screens/0/layout/children/0/max-date'],
  ['textarea-max-length.json', 'LIMIT_EXCEEDED', '10:82', '/screens/0/layout/children/0/max-length'],
  ['if-footer-mismatch.json', 'IF_FOOTER_MISMATCH', '11:11', '/screens/0/layout/children/1'],
  ['undeclared-data-reference.json', 'UNDECLARED_DATA_REFERENCE', '10:41', '/screens/0/layout/children/0/text'],
  [
    'unknown-form-reference.json',
    'UNKNOWN_FORM_REFERENCE',
    '11:111',
    '/screens/0/layout/children/1/on-click-action/payload/email',
  ],
  ['unknown-screen-reference.json', 'UNKNOWN_SCREEN_REFERENCE', '10:41', '/screens/0/layout/children/0/text'],
];

for (const [file, code, at, pointer] of BROKEN) {
  test(`${file} → ${code} at ${at}`, () => {
    const result = validateFlowJson(read(file));
    assert.equal(result.ok, false);
    const found = result.errors.filter((e) => e.error === code);
    assert.ok(found.length > 0, `expected ${code}, got ${result.errors.map((e) => e.error).join(', ')}`);
    const error = found[0]!;
    assert.equal(`${error.line_start}:${error.column_start}`, at);
    assert.equal(error.pointer, pointer);
  });
}

test('every broken fixture is covered by the table, and the table names every file once', () => {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.valid.json'))
    .sort();
  assert.deepEqual([...BROKEN.map(([f]) => f)].sort(), files);
});

test('single-rule fixtures report only their own error', () => {
  const expectedExtras: Record<string, readonly string[]> = {
    // A routing mistake has consequences: the unknown target leaves START a dead end and END unreached.
    'routing-unknown-screen.json': ['ROUTE_NOT_TERMINATED', 'ROUTING_MULTIPLE_ENTRY_SCREENS'],
    // START ↔ END leaves no screen without an inbound route.
    'routing-back-edge.json': ['ROUTING_NO_ENTRY_SCREEN'],
  };
  for (const [file, code] of BROKEN) {
    const codes = validateFlowJson(read(file))
      .errors.map((e) => e.error)
      .filter((c) => c !== code);
    assert.deepEqual(codes.sort(), [...(expectedExtras[file] ?? [])].sort(), file);
  }
});

test('the Meta-style appointment Flow (docs/protocol.md §3) is valid', () => {
  const result = validateFlowJson(read('appointment.valid.json'));
  assert.deepEqual(result.errors, []);
  assert.equal(result.ok, true);
});

test("both Flows a business may publish validate: flowbook's and Meta's Builder template (docs/protocol.md §3)", () => {
  for (const file of ['appointment.json', 'builder-template.json']) {
    const result = validateFlowJson(readFileSync(new URL(`../../flows/${file}`, import.meta.url), 'utf8'));
    assert.deepEqual(result.errors, [], file);
  }
});

test('spans cover the offending value: column_end is just past its last character', () => {
  const [error] = validateFlowJson(read('unsupported-version.json')).errors;
  assert.deepEqual(
    {
      ls: error?.line_start,
      le: error?.line_end,
      cs: error?.column_start,
      ce: error?.column_end,
      type: error?.error_type,
    },
    { ls: 2, le: 2, cs: 14, ce: 19, type: 'FLOW_JSON_ERROR' },
  );
});
