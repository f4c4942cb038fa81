import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateFlowJson } from '../../src/flows/validate/index.ts';

// Rules from Flow JSON 7.3 and the gaps of issue #12 (docs/flow-validator.md, docs/protocol.md §11.2).
// Each test holds a failing Flow and the passing one beside it; errors are checked with their JSON pointer.

type Json = Record<string, unknown>;
const footer = (extra: Json = {}) => ({
  type: 'Footer',
  label: 'Done',
  'on-click-action': { name: 'complete', payload: {} },
  ...extra,
});
const flag = { b: { type: 'boolean', __example__: true } };
function flow(children: unknown[], screen: Json = {}, version = '7.3'): Json {
  return {
    version,
    screens: [{ id: 'WELCOME', terminal: true, layout: { type: 'SingleColumnLayout', children }, ...screen }],
  };
}
/** `CODE pointer` for every error, sorted. */
const errors = (value: unknown) =>
  validateFlowJson(JSON.stringify(value, null, 2))
    .errors.map((e) => `${e.error} ${e.pointer}`)
    .sort();
const at = (i: number, rest = '') => `/screens/0/layout/children/${i}${rest}`;

test('RadioButtonsGroup and CheckboxGroup labels: optional before Flow JSON 4.0, required from it', () => {
  const radio = { type: 'RadioButtonsGroup', name: 'r', 'data-source': [{ id: 'a', title: 'A' }] };
  assert.deepEqual(errors(flow([radio, footer()])), [`MISSING_REQUIRED_PROPERTY ${at(0)}`]);
  assert.deepEqual(errors(flow([{ ...radio, label: 'Pick' }, footer()])), []);
  // 3.1 is no longer publishable, but what it allowed is still told apart.
  assert.deepEqual(errors(flow([radio, footer()], {}, '3.1')), ['UNSUPPORTED_VERSION /version']);
  const checkbox = { ...radio, type: 'CheckboxGroup' };
  assert.deepEqual(errors(flow([checkbox, footer()])), [`MISSING_REQUIRED_PROPERTY ${at(0)}`]);
  assert.deepEqual(errors(flow([checkbox, footer()], {}, '3.1')), ['UNSUPPORTED_VERSION /version']);
});

test('Dropdown: at most 100 options when any has an image, 200 otherwise', () => {
  const options = (n: number, image?: string) =>
    Array.from({ length: n }, (_, i) => ({ id: `o${i}`, title: `Option ${i}`, ...(image ? { image } : {}) }));
  const dropdown = (source: unknown) =>
    flow([{ type: 'Dropdown', name: 'd', label: 'Pick', 'data-source': source }, footer()]);
  assert.deepEqual(errors(dropdown(options(101, 'iVBORw0KGgo='))), [
    `OPTIONS_COUNT_OUT_OF_RANGE ${at(0, '/data-source')}`,
  ]);
  const oneImage = [...options(100), { id: 'img', title: 'Pictured', image: 'iVBORw0KGgo=' }];
  assert.deepEqual(errors(dropdown(oneImage)), [`OPTIONS_COUNT_OUT_OF_RANGE ${at(0, '/data-source')}`]);
  assert.deepEqual(errors(dropdown(options(100, 'iVBORw0KGgo='))), []);
  assert.deepEqual(errors(dropdown(options(101))), []);
  const message = validateFlowJson(JSON.stringify(dropdown(oneImage))).errors[0]?.message ?? '';
  assert.match(message, /1 to 100 when options have images/);
});

test('Footer captions: center alone or left with right, never center with a side', () => {
  assert.deepEqual(errors(flow([footer({ 'left-caption': 'L', 'center-caption': 'C', 'right-caption': 'R' })])), [
    `FOOTER_CAPTIONS_CONFLICT ${at(0, '/center-caption')}`,
  ]);
  assert.deepEqual(errors(flow([footer({ 'left-caption': 'L', 'center-caption': 'C' })])), [
    `FOOTER_CAPTIONS_CONFLICT ${at(0, '/center-caption')}`,
  ]);
  assert.deepEqual(errors(flow([footer({ 'center-caption': 'C' })])), []);
  assert.deepEqual(errors(flow([footer({ 'left-caption': 'L', 'right-caption': 'R' })])), []);
});

test('TextInput pattern needs helper-text, Flow JSON 6.2, a text-like input and a valid regex', () => {
  const input = (extra: Json) => ({ type: 'TextInput', name: 'code', label: 'Code', ...extra });
  assert.deepEqual(errors(flow([input({ pattern: '^[0-9]{6}$' }), footer()])), [
    `PATTERN_WITHOUT_HELPER_TEXT ${at(0, '/pattern')}`,
  ]);
  assert.deepEqual(errors(flow([input({ pattern: '^[0-9]{6}$', 'helper-text': 'Six digits' }), footer()])), []);
  const email = input({ pattern: '.+@x\\.test', 'helper-text': 'Ours', 'input-type': 'email' });
  assert.deepEqual(errors(flow([email, footer()])), [`INVALID_PATTERN ${at(0, '/pattern')}`]);
  const broken = input({ pattern: '([0-9', 'helper-text': 'Digits' });
  assert.deepEqual(errors(flow([broken, footer()])), [`INVALID_PATTERN ${at(0, '/pattern')}`]);
  const old = input({ pattern: '^[0-9]+$', 'helper-text': 'Digits' });
  assert.deepEqual(errors(flow([old, footer()], {}, '6.1')), [`INVALID_PATTERN ${at(0, '/pattern')}`]);
  assert.deepEqual(errors(flow([old, footer()], {}, '6.2')), []);
});

test('If conditions must hold a dynamic value; literals alone are refused', () => {
  const branch = (condition: unknown) =>
    flow([{ type: 'If', condition, then: [{ type: 'TextBody', text: 'Shown' }] }, footer()], { data: flag });
  assert.deepEqual(errors(branch('true')), [`IF_CONDITION_STATIC ${at(0, '/condition')}`]);
  assert.deepEqual(errors(branch("1 == 1 && 'a' != 'b'")), [`IF_CONDITION_STATIC ${at(0, '/condition')}`]);
  assert.deepEqual(errors(branch(true)), [`INVALID_PROPERTY_TYPE ${at(0, '/condition')}`]);
  assert.deepEqual(errors(branch('${data.b} == true')), []);
});

test('RichText and ChipsSelector inside If: RichText never, ChipsSelector from Flow JSON 7.1', () => {
  const inIf = (component: Json, version = '7.3') =>
    flow([{ type: 'If', condition: '${data.b}', then: [component] }, footer()], { data: flag }, version);
  assert.deepEqual(errors(inIf({ type: 'RichText', text: ['# Terms'] })), [
    `COMPONENT_NOT_ALLOWED_IN_BRANCH ${at(0, '/then/0/type')}`,
    `RICH_TEXT_NOT_ALONE ${at(0)}`,
  ]);
  const chips = { type: 'ChipsSelector', name: 'c', label: 'Pick', 'data-source': '${data.chips}' };
  const chipsData = { ...flag, chips: { type: 'array', items: { type: 'object' }, __example__: [] } };
  const chipsIf = (version: string) =>
    flow([{ type: 'If', condition: '${data.b}', then: [chips] }, footer()], { data: chipsData }, version);
  assert.deepEqual(errors(chipsIf('7.0')), [`COMPONENT_NOT_ALLOWED_IN_BRANCH ${at(0, '/then/0/type')}`]);
  assert.deepEqual(errors(chipsIf('7.1')), []);
  assert.deepEqual(errors(inIf({ type: 'TextBody', text: 'Plain text is fine' })), []);
});

test('Switch cases hold neither If nor Switch (nor RichText); If may hold a Switch', () => {
  const data = { ...flag, kind: { type: 'string', __example__: 'a' } };
  const body = { type: 'TextBody', text: 'x' };
  const inSwitch = (component: Json) =>
    flow([{ type: 'Switch', value: '${data.kind}', cases: { a: [component] } }, footer()], { data });
  assert.deepEqual(errors(inSwitch({ type: 'If', condition: '${data.b}', then: [body] })), [
    `COMPONENT_NOT_ALLOWED_IN_BRANCH ${at(0, '/cases/a/0/type')}`,
  ]);
  assert.deepEqual(errors(inSwitch({ type: 'Switch', value: '${data.kind}', cases: { a: [body] } })), [
    `COMPONENT_NOT_ALLOWED_IN_BRANCH ${at(0, '/cases/a/0/type')}`,
  ]);
  assert.deepEqual(errors(inSwitch(body)), []);
  const switchInIf = flow(
    [
      { type: 'If', condition: '${data.b}', then: [{ type: 'Switch', value: '${data.kind}', cases: { a: [body] } }] },
      footer(),
    ],
    { data },
  );
  assert.deepEqual(errors(switchInIf), []);
});

test('a Footer may sit in an If only at the first level', () => {
  const body = { type: 'TextBody', text: 'x' };
  const nested = flow(
    [
      {
        type: 'If',
        condition: '${data.b}',
        then: [{ type: 'If', condition: '${data.b}', then: [footer()], else: [footer()] }],
        else: [body],
      },
    ],
    { data: flag },
  );
  assert.deepEqual(errors(nested), [
    `IF_FOOTER_NESTED ${at(0, '/then/0/else/0')}`,
    `IF_FOOTER_NESTED ${at(0, '/then/0/then/0')}`,
  ]);
  const firstLevel = flow([{ type: 'If', condition: '${data.b}', then: [body, footer()], else: [footer()] }], {
    data: flag,
  });
  assert.deepEqual(errors(firstLevel), []);
});

test('RichText stands alone; from Flow JSON 6.3 a Footer may join it', () => {
  const rich = { type: 'RichText', text: ['# Terms', 'Arrive early.'] };
  assert.deepEqual(errors(flow([rich, { type: 'TextBody', text: 'More' }, footer()])), [
    `RICH_TEXT_NOT_ALONE ${at(1)}`,
  ]);
  assert.deepEqual(errors(flow([rich, footer()])), []);
  assert.deepEqual(errors(flow([rich, footer()], {}, '6.2')), [`RICH_TEXT_NOT_ALONE ${at(1)}`]);
  // A non-terminal RichText screen needs no Footer at all.
  assert.deepEqual(
    errors({
      version: '6.2',
      screens: [
        {
          id: 'START',
          layout: {
            type: 'SingleColumnLayout',
            children: [
              {
                type: 'EmbeddedLink',
                text: 'Terms',
                'on-click-action': { name: 'navigate', next: { type: 'screen', name: 'TERMS' }, payload: {} },
              },
              footer(),
            ],
          },
          terminal: true,
        },
        { id: 'TERMS', layout: { type: 'SingleColumnLayout', children: [rich] } },
      ],
    }),
    [],
  );
});

test('7.3 data model: arrays declare their items', () => {
  const data = (field: Json) => flow([footer()], { data: { list: field } });
  assert.deepEqual(errors(data({ type: 'array', __example__: [] })), ['DATA_ARRAY_WITHOUT_ITEMS /screens/0/data/list']);
  assert.deepEqual(errors(data({ type: 'array', items: { type: 'string' }, __example__: ['a'] })), []);
  assert.deepEqual(errors(flow([footer()], { data: { list: { type: 'array', __example__: [] } } }, '7.2')), []);
});

test('7.3 data model: a navigate payload names only data the target screen declares', () => {
  const twoScreens = (payload: Json, version = '7.3') => ({
    version,
    screens: [
      {
        id: 'START',
        layout: {
          type: 'SingleColumnLayout',
          children: [
            {
              type: 'Footer',
              label: 'Next',
              'on-click-action': { name: 'navigate', next: { type: 'screen', name: 'END' }, payload },
            },
          ],
        },
      },
      {
        id: 'END',
        terminal: true,
        data: { heading: { type: 'string', __example__: 'Thanks' } },
        layout: { type: 'SingleColumnLayout', children: [{ type: 'TextHeading', text: '${data.heading}' }, footer()] },
      },
    ],
  });
  assert.deepEqual(errors(twoScreens({ heading: 'Thanks', colour: 'red' })), [
    'NAVIGATE_PAYLOAD_UNDECLARED /screens/0/layout/children/0/on-click-action/payload/colour',
  ]);
  assert.deepEqual(errors(twoScreens({ heading: 'Thanks' })), []);
  assert.deepEqual(errors(twoScreens({ heading: 'Thanks', colour: 'red' }, '7.2')), []);
});
