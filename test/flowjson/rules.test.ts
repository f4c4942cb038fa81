import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERROR_CODES, MAX_FLOW_JSON_BYTES, validateFlowJson } from '../../src/flows/validate/index.ts';

type Json = Record<string, unknown>;
const footer = (name = 'complete', extra: Json = {}) => ({
  type: 'Footer',
  label: 'Done',
  'on-click-action': { name, payload: {}, ...extra },
});
/** A one-screen terminal Flow around `children`; `screen` and `top` override parts of it. */
function flow(children: unknown[], screen: Json = {}, top: Json = {}): Json {
  return {
    version: '7.3',
    screens: [{ id: 'WELCOME', terminal: true, layout: { type: 'SingleColumnLayout', children }, ...screen }],
    ...top,
  };
}
const codes = (value: unknown) => validateFlowJson(JSON.stringify(value, null, 2)).errors.map((e) => e.error);

test('a minimal static Flow is valid', () => {
  assert.deepEqual(codes(flow([{ type: 'TextHeading', text: 'Hi' }, footer()])), []);
});

test('the root must be an object', () => {
  assert.deepEqual(codes([1, 2]), ['INVALID_ROOT']);
});

test('wrong JSON kinds are reported, not crashed on', () => {
  assert.deepEqual(codes({ version: 7.3, screens: {} }), ['INVALID_PROPERTY_TYPE', 'INVALID_PROPERTY_TYPE']);
  assert.deepEqual(codes(flow([footer()], { terminal: 'yes' })).sort(), [
    'COMPLETE_ON_NON_TERMINAL',
    'INVALID_PROPERTY_TYPE',
    'NO_TERMINAL_SCREEN',
  ]);
});

test('Flow JSON over 10 MB is rejected', () => {
  const big = 'x'.repeat(4000);
  const children = [footer(), ...Array.from({ length: 2700 }, () => ({ type: 'TextBody', text: big }))];
  const text = JSON.stringify(flow(children));
  assert.ok(Buffer.byteLength(text) > MAX_FLOW_JSON_BYTES);
  assert.ok(validateFlowJson(text).errors.some((e) => e.error === 'FLOW_JSON_TOO_LARGE'));
});

test('data_api_version 4.0 is accepted from Flow JSON 7.3', () => {
  const routed = { data_api_version: '4.0', routing_model: { WELCOME: [] } };
  assert.deepEqual(codes(flow([footer()], {}, routed)), []);
});

test('data_channel_uri is refused from 3.0 on', () => {
  assert.deepEqual(codes(flow([footer()], {}, { data_channel_uri: 'https://example.com' })), [
    'DATA_CHANNEL_URI_NOT_SUPPORTED',
  ]);
});

test('screen-level rules: unknown keys, success, refresh_on_back, sensitive', () => {
  assert.deepEqual(codes(flow([footer()], { colour: 'red' })), ['UNKNOWN_PROPERTY']);
  const two = {
    version: '7.3',
    screens: [
      {
        id: 'START',
        success: false,
        refresh_on_back: true,
        layout: {
          type: 'SingleColumnLayout',
          children: [
            { type: 'TextInput', name: 'email', label: 'Email' },
            {
              type: 'Footer',
              label: 'Next',
              'on-click-action': { name: 'navigate', next: { type: 'screen', name: 'WELCOME' }, payload: {} },
            },
          ],
        },
        sensitive: ['password'],
      },
      { id: 'WELCOME', terminal: true, layout: { type: 'SingleColumnLayout', children: [footer()] } },
    ],
  };
  assert.deepEqual(codes(two).sort(), [
    'REFRESH_ON_BACK_WITHOUT_ENDPOINT',
    'SENSITIVE_UNKNOWN_FIELD',
    'SUCCESS_ON_NON_TERMINAL',
  ]);
});

test('data declarations: type required, integer examples, array item types', () => {
  const data = (field: unknown) => codes(flow([footer()], { data: { f: field } }));
  assert.deepEqual(data({ __example__: 'x' }), ['INVALID_DATA_DECLARATION']);
  assert.deepEqual(data({ type: 'integer', __example__: 2.5 }), ['EXAMPLE_TYPE_MISMATCH']);
  assert.deepEqual(data({ type: 'integer', __example__: 2 }), []);
  assert.deepEqual(data({ type: 'array', items: { type: 'string' }, __example__: ['a', 1] }), [
    'EXAMPLE_TYPE_MISMATCH',
  ]);
});

test('dynamic strings are not held to static text limits', () => {
  const long = 'x'.repeat(200);
  assert.deepEqual(codes(flow([{ type: 'TextHeading', text: long }, footer()])), ['TEXT_TOO_LONG']);
  assert.deepEqual(
    codes(
      flow([{ type: 'TextHeading', text: '${data.heading}' }, footer()], {
        data: { heading: { type: 'string', __example__: long } },
      }),
    ),
    [],
  );
});

test('TextCaption follows the components reference limit of 409 characters', () => {
  assert.deepEqual(codes(flow([{ type: 'TextCaption', text: 'x'.repeat(409) }, footer()])), []);
  assert.deepEqual(codes(flow([{ type: 'TextCaption', text: 'x'.repeat(410) }, footer()])), ['TEXT_TOO_LONG']);
});

test('option lists: ranges, duplicate ids, title limit, dynamic sources skipped', () => {
  const options = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `o${i}`, title: `Option ${i}` }));
  const radio = (source: unknown) =>
    codes(
      flow([{ type: 'RadioButtonsGroup', name: 'r', label: 'Pick', 'data-source': source }, footer()], {
        data: { opts: { type: 'array', items: { type: 'object' }, __example__: [] } },
      }),
    );
  assert.deepEqual(radio(options(20)), []);
  assert.deepEqual(radio(options(21)), ['OPTIONS_COUNT_OUT_OF_RANGE']);
  assert.deepEqual(
    radio([
      { id: 'a', title: 'A' },
      { id: 'a', title: 'B' },
    ]),
    ['DUPLICATE_OPTION_ID'],
  );
  assert.deepEqual(radio([{ id: 'a', title: 'x'.repeat(31) }]), ['TEXT_TOO_LONG']);
  assert.deepEqual(radio('${data.opts}'), []);
  const dropdown = codes(flow([{ type: 'Dropdown', name: 'd', label: 'Pick', 'data-source': options(200) }, footer()]));
  assert.deepEqual(dropdown, []);
});

test('If and Switch: branches are alternatives for Footer counts and names', () => {
  const branchy = flow([
    { type: 'OptIn', name: 'agree', label: 'I agree' },
    {
      type: 'If',
      condition: '${form.agree}',
      then: [{ type: 'TextInput', name: 'note', label: 'Note' }, footer()],
      else: [{ type: 'TextInput', name: 'note', label: 'Why not?' }, footer()],
    },
  ]);
  assert.deepEqual(codes(branchy), []);
  const both = flow([{ type: 'If', condition: '${form.x}', then: [footer()], else: [footer()] }, footer()]);
  assert.ok(codes(both).includes('TOO_MANY_FOOTERS'));
  assert.deepEqual(
    codes(
      flow([{ type: 'Switch', value: '${data.x}', cases: {} }, footer()], {
        data: { x: { type: 'string', __example__: 'a' } },
      }),
    ),
    ['EMPTY_BRANCH'],
  );
});

test('If nests at most three levels', () => {
  const nest = (depth: number): unknown =>
    depth === 0 ? { type: 'TextBody', text: 'deep' } : { type: 'If', condition: '${data.b}', then: [nest(depth - 1)] };
  const at = (depth: number) =>
    codes(flow([nest(depth), footer()], { data: { b: { type: 'boolean', __example__: true } } }));
  assert.deepEqual(at(3), []);
  assert.deepEqual(at(4), ['IF_NESTING_TOO_DEEP']);
});

test('actions: unknown names, open_url needs url, update_data keys must be declared', () => {
  assert.deepEqual(codes(flow([footer('close')])), ['UNKNOWN_ACTION']);
  const link = (action: Json) =>
    codes(flow([{ type: 'EmbeddedLink', text: 'Terms', 'on-click-action': action }, footer()]));
  assert.deepEqual(link({ name: 'open_url' }), ['MISSING_REQUIRED_PROPERTY']);
  const update = flow(
    [
      {
        type: 'Dropdown',
        name: 'd',
        label: 'Pick',
        'data-source': [{ id: 'a', title: 'A' }],
        'on-select-action': { name: 'update_data', payload: { shown: true, hidden: false } },
      },
      footer(),
    ],
    { data: { shown: { type: 'boolean', __example__: false } } },
  );
  assert.deepEqual(codes(update), ['UNDECLARED_DATA_REFERENCE']);
});

test('navigate may not target its own screen', () => {
  const self = flow([footer('navigate', { next: { type: 'screen', name: 'WELCOME' } })]);
  assert.deepEqual(codes(self), ['NAVIGATE_SELF']);
});

test('references: malformed, global (4.0+) and nested data paths', () => {
  assert.deepEqual(codes(flow([{ type: 'TextBody', text: '${user.name}' }, footer()])), ['INVALID_REFERENCE']);
  const global = {
    version: '7.3',
    screens: [
      {
        id: 'FIRST',
        data: { who: { type: 'object', __example__: { name: 'Ana' } } },
        layout: {
          type: 'SingleColumnLayout',
          children: [
            { type: 'TextInput', name: 'city', label: 'City' },
            {
              type: 'Footer',
              label: 'Next',
              'on-click-action': { name: 'navigate', next: { type: 'screen', name: 'LAST' }, payload: {} },
            },
          ],
        },
      },
      {
        id: 'LAST',
        terminal: true,
        title: '${screen.FIRST.data.who.name}',
        layout: {
          type: 'SingleColumnLayout',
          children: [
            { type: 'TextBody', text: "`'From ' ${screen.FIRST.form.city}`" },
            { type: 'TextBody', text: '${screen.FIRST.form.country}' },
            footer(),
          ],
        },
      },
    ],
  };
  assert.deepEqual(codes(global), ['UNKNOWN_FORM_REFERENCE']);
});

test('NavigationList stands alone and never on a terminal screen', () => {
  const list = { type: 'NavigationList', name: 'menu', 'list-items': '${data.items}' };
  const data = { items: { type: 'array', items: { type: 'object' }, __example__: [] } };
  const result = codes(flow([list, { type: 'TextBody', text: 'Pick one' }, footer()], { data }));
  assert.deepEqual(result, ['NAVIGATION_LIST_MISUSED', 'NAVIGATION_LIST_MISUSED']);
});

test('Form-wrapped inputs (Meta template style) count as the screen fields', () => {
  const form = flow([
    {
      type: 'Form',
      name: 'f',
      children: [
        { type: 'TextInput', name: 'email', label: 'Email', 'input-type': 'email' },
        { type: 'Footer', label: 'Send', 'on-click-action': { name: 'complete', payload: { email: '${form.email}' } } },
      ],
    },
  ]);
  assert.deepEqual(codes(form), []);
});

test('CalendarPicker dates and weekdays; DatePicker timestamps before 5.0 are not checked as ISO', () => {
  const cal = (extra: Json) => codes(flow([{ type: 'CalendarPicker', name: 'd', label: 'Day', ...extra }, footer()]));
  assert.deepEqual(cal({ 'min-date': '2025-02-29' }), ['INVALID_DATE']);
  assert.deepEqual(cal({ 'include-days': ['Mon', 'Funday'] }), ['INVALID_ENUM_VALUE']);
  assert.deepEqual(cal({ 'unavailable-dates': ['2025-03-01', '${data.x}'] }), ['UNDECLARED_DATA_REFERENCE']);
});

test('every error carries Meta-shaped fields', () => {
  const [error] = validateFlowJson('{"version": "7.3"}').errors;
  assert.deepEqual(Object.keys(error ?? {}).sort(), [
    'column_end',
    'column_start',
    'error',
    'error_type',
    'line_end',
    'line_start',
    'message',
    'pointer',
  ]);
});

test('docs/flow-validator.md documents exactly the codes the validator can emit', () => {
  const doc = readFileSync(new URL('../../docs/flow-validator.md', import.meta.url), 'utf8');
  const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \| ([A-Z_]+) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
  assert.deepEqual(
    documented.sort(),
    Object.entries(ERROR_CODES)
      .map(([c, t]) => `${c} ${t}`)
      .sort(),
  );
});

test('at most three images per screen', () => {
  const image = { type: 'Image', src: 'iVBORw0KGgo=' };
  assert.deepEqual(codes(flow([image, image, image, footer()])), []);
  assert.deepEqual(codes(flow([image, image, image, image, footer()])), ['TOO_MANY_IMAGES']);
});

test('an old version still gates features (If, screen references) after reporting itself', () => {
  const old = flow([{ type: 'TextBody', text: '${screen.WELCOME.form.x}' }, footer()], {}, { version: '3.1' });
  assert.deepEqual(codes(old).sort(), [
    'GLOBAL_REFERENCE_NOT_IN_VERSION',
    'UNKNOWN_FORM_REFERENCE',
    'UNSUPPORTED_VERSION',
  ]);
  const ifOld = flow(
    [{ type: 'If', condition: '${data.b}', then: [{ type: 'TextBody', text: 'x' }] }, footer()],
    { data: { b: { type: 'boolean', __example__: true } } },
    { version: '3.1' },
  );
  assert.deepEqual(codes(ifOld).sort(), ['COMPONENT_NOT_IN_VERSION', 'UNSUPPORTED_VERSION']);
});
