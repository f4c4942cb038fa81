import assert from 'node:assert/strict';
import { test } from 'node:test';
import { condition, directionOf, flag, resolve, text } from '../../src/web/bindings.ts';

const scope = { data: { list: [{ id: 'a' }], on: false, name: 'Ana' }, form: { x: 'b', terms: true } };

test('a whole reference keeps its type; text interpolates', () => {
  assert.deepEqual(resolve('${data.list}', scope), [{ id: 'a' }]);
  assert.equal(resolve('${form.terms}', scope), true);
  assert.equal(text('Hi ${data.name}, ${form.x}!', scope), 'Hi Ana, b!');
  assert.equal(text('${data.missing}', scope), '');
  assert.deepEqual(resolve({ p: { q: '${form.x}' } }, scope), { p: { q: 'b' } });
});

test('flags default to true; conditions compare and combine', () => {
  assert.equal(flag(undefined, scope), true);
  assert.equal(flag('${data.on}', scope), false);
  assert.equal(condition("${form.x} == 'b'", scope), true);
  assert.equal(condition("${form.x} != 'b' || ${form.terms}", scope), true);
  assert.equal(condition('!${data.on} && ${data.list}', scope), true);
});

test('right-to-left for Arabic, Persian, Hebrew and Urdu only', () => {
  assert.deepEqual(['ar', 'fa', 'he', 'ur', 'ar_EG', 'en_US', 'arn'].map(directionOf), [
    'rtl',
    'rtl',
    'rtl',
    'rtl',
    'rtl',
    'ltr',
    'ltr',
  ]);
});
