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

test('screen references read the screens of the route (Flow JSON 4.0+): a title, a payload', () => {
  const route = {
    ...scope,
    screens: { SUMMARY: { data: { t_title: 'Resumen' }, form: {} }, DETAILS: { data: {}, form: { email: 'a@b.c' } } },
  };
  assert.equal(text('${screen.SUMMARY.data.t_title}', route), 'Resumen');
  assert.deepEqual(resolve({ email: '${screen.DETAILS.form.email}', own: '${data.name}' }, route), {
    email: 'a@b.c',
    own: 'Ana',
  });
  // A screen not (yet) on the route reads as empty text, like a missing field.
  assert.equal(text('${screen.TERMS.data.t_heading}', route), '');
  assert.equal(text('${screen.SUMMARY.data.t_title}', scope), '');
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
