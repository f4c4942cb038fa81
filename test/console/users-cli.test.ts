// `flowbook users add|list|remove` as an operator runs it: the password from standard input, errors in one line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freshDir } from '../run-cli.ts';

const BIN = fileURLToPath(new URL('../../bin/flowbook.js', import.meta.url));
const CATALOG = fileURLToPath(new URL('../../catalog/demo.yaml', import.meta.url));

function users(cwd: string, args: string[], input = '') {
  const run = spawnSync(process.execPath, [BIN, 'users', ...args], {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', BUSINESS_CONFIG: CATALOG },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('users add, list and remove; a short password, an unknown location and an unknown user are refused in one line', {
  timeout: 180_000,
}, () => {
  const cwd = freshDir();
  assert.deepEqual(users(cwd, ['add', 'Olivia', '--role', 'owner', '--name', 'Olivia O'], 'a long password\n'), {
    code: 0,
    stdout: 'olivia (owner) can sign in\n',
    stderr: '',
  });
  const short = users(cwd, ['add', 'sam', '--location', 'oxford-street'], 'short\n');
  assert.equal(short.code, 1);
  assert.equal(short.stderr, 'flowbook: a password has at least 10 characters\n');
  const nowhere = users(cwd, ['add', 'sam', '--location', 'nowhere'], 'another long one\n');
  assert.equal(nowhere.code, 1);
  assert.match(nowhere.stderr, /^flowbook: unknown location nowhere \(the catalog has kings-cross, /);
  assert.equal(users(cwd, ['add', 'sam', '--location', 'oxford-street'], 'another long one\n').code, 0);
  assert.equal(users(cwd, ['list']).stdout, 'olivia\towner\t-\tOlivia O\nsam\tstaff\toxford-street\tsam\n');
  const unknown = users(cwd, ['remove', 'nobody']);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr, 'flowbook: Console user not found\n');
  assert.equal(users(cwd, ['remove', 'sam']).code, 0);
  assert.equal(users(cwd, ['list']).stdout, 'olivia\towner\t-\tOlivia O\n');
});
