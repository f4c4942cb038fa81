import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERROR_CODES } from '../src/errors.ts';

test('docs/errors.md lists exactly the codes of src/errors.ts, with their status and retry verdict', () => {
  const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
  const rows = [...doc.matchAll(/^\| (FB_[A-Z_]+) \| (\d{3}) \| (yes|no) \|/gm)].map((m) => [
    m[1],
    Number(m[2]),
    m[3] === 'yes',
  ]);
  const table = Object.entries(ERROR_CODES).map(([code, { status, retryable }]) => [code, status, retryable]);
  assert.deepEqual(rows.sort(), table.sort());
});
