import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { JsonSyntaxError, parseJsonWithPositions, type JsonNode } from '../../src/flows/validate/json-ast.ts';

/** Rebuilds a plain value from the positioned tree, to compare with JSON.parse. */
function plain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.members.map((m) => [m.key, plain(m.value)]));
    case 'array':
      return node.items.map(plain);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

test('records 1-based line/column spans for keys and values', () => {
  const text = '{\n  "a": [1, "x"],\n\t"b": {"c": true}\n}';
  const { root } = parseJsonWithPositions(text);
  assert.equal(root.kind, 'object');
  if (root.kind !== 'object') return;
  const [a, b] = root.members;
  assert.deepEqual([a?.keySpan.start.line, a?.keySpan.start.column, a?.keySpan.end.column], [2, 3, 6]);
  const arr = a?.value;
  assert.equal(arr?.kind, 'array');
  if (arr?.kind !== 'array') return;
  assert.deepEqual([arr.span.start.column, arr.span.end.column], [8, 16]);
  assert.equal(arr.items[1]?.pointer, '/a/1');
  assert.deepEqual([arr.items[1]?.span.start.column, arr.items[1]?.span.end.column], [12, 15]);
  assert.deepEqual([b?.keySpan.start.line, b?.keySpan.start.column], [3, 2]);
  assert.deepEqual([root.span.end.line, root.span.end.column], [4, 2]);
});

test('decodes escapes, including surrogate pairs, and escapes pointer segments', () => {
  const { root } = parseJsonWithPositions('{"a/b~c": "line\\nbreak \\u00e9 \\ud83d\\ude00 \\"q\\""}');
  assert.deepEqual(plain(root), { 'a/b~c': 'line\nbreak é 😀 "q"' });
  if (root.kind === 'object') assert.equal(root.members[0]?.value.pointer, '/a~1b~0c');
});

test('reports duplicate keys instead of silently keeping the last', () => {
  const { duplicateKeys } = parseJsonWithPositions('{"x": 1,\n "x": 2}');
  assert.deepEqual(
    duplicateKeys.map((d) => [d.key, d.keySpan.start.line, d.keySpan.start.column]),
    [['x', 2, 2]],
  );
});

test('skips a UTF-8 byte order mark', () => {
  assert.deepEqual(plain(parseJsonWithPositions('\ufeff{"a": 1}').root), { a: 1 });
});

for (const [text, line, column] of [
  ['{"a": 1,}', 1, 9],
  ['{"a" 1}', 1, 6],
  ['[1, 2', 1, 6],
  ['{"a": tru}', 1, 7],
  ['{"a": "x\ny"}', 1, 9],
  ['{"a": 01}', 1, 8],
  ['{} {}', 1, 4],
  ['', 1, 1],
] as const) {
  test(`rejects ${JSON.stringify(text)} at ${line}:${column}`, () => {
    assert.throws(
      () => parseJsonWithPositions(text),
      (error: unknown) => {
        assert.ok(error instanceof JsonSyntaxError);
        assert.deepEqual([error.position.line, error.position.column], [line, column]);
        return true;
      },
    );
  });
}

test('refuses nesting deep enough to exhaust the stack', () => {
  assert.throws(() => parseJsonWithPositions('['.repeat(10_000) + ']'.repeat(10_000)), JsonSyntaxError);
});

test('agrees with JSON.parse on arbitrary JSON values', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
      const text = JSON.stringify(value, null, pretty ? 2 : undefined);
      assert.deepEqual(plain(parseJsonWithPositions(text).root), JSON.parse(text));
    }),
    { numRuns: 300 },
  );
});
